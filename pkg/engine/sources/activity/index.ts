export { fillsOf, getFillCandidates, getFills, getSettlementStatuses, ORDER_FILLED_EVENT } from './fills';
export type {
  ChainFill,
  FillCandidates,
  GetFillCandidatesParameters,
  GetFillsErrorType,
  GetFillsParameters,
  GetFillsReturnType,
  GetSettlementStatusesErrorType,
  GetSettlementStatusesParameters,
  GetSettlementStatusesReturnType,
  SettlementStatus,
  SettlementStatusEntry,
  TokenAmount,
} from './fills';
export { findNonceChanges, getWalletTransactions } from './walletTransactions';
export type {
  FindNonceChangesParameters,
  GetWalletTransactionsErrorType,
  GetWalletTransactionsParameters,
  GetWalletTransactionsReturnType,
  NonceChange,
  WalletTransaction,
} from './walletTransactions';
export type { Erc20Transfer } from './chainReads';
export { getTokenTransfers } from './tokenTransfers';
export type {
  GetTokenTransfersErrorType,
  GetTokenTransfersParameters,
  GetTokenTransfersReturnType,
  TokenTransfer,
} from './tokenTransfers';
