/**
 * What the market maker's RFQ quotes became on chain, read from the chain alone (no indexer): every
 * fill of one of its orders by the 1inch Limit Order Protocol v4 in a block range, with the amounts
 * that moved and the gas paid, and whether each accepted quote's settlement succeeded or reverted.
 *
 * `OrderFilled(bytes32 orderHash, uint256 remainingAmount)` indexes nothing and names no maker, so a
 * node cannot filter it, and on mainnet the contract emits every taker's fills of every maker: reading
 * them all would make the cost grow with the market, not with us. Every fill of ours moves the maker
 * asset out of one of the maker's wallets, an ERC-20 Transfer whose `from` is indexed: we find those
 * (one eth_getLogs filter on the wallets' topic, any token), read their transactions'
 * receipts, and keep the OrderFilled logs of the contract there whose hashes the market maker signed
 * (its quote log). The amounts are not in the event either; they are the ERC-20 Transfer logs of the
 * same transaction from and to the maker's wallets.
 *
 * Which transfers belong to which order, when one transaction fills several: in LOP v4
 * (OrderMixin._fill) an order emits, in this order, its pre-interaction's logs, maker → taker, the
 * taker interaction's logs, taker → receiver, its post-interaction's logs, then OrderFilled. So an
 * order's transfers are the logs after the contract's previous OrderFilled in the transaction (of any
 * order, ours or not) and before its own. A fill nested in another order's taker interaction breaks
 * this (the outer order's maker → taker transfer lands in the inner order's span): when that leaves an
 * order with no leg or with two tokens on one side, getFills says so rather than guess.
 */
import {
  getAddress,
  isAddress,
  isHex,
  parseAbiItem,
  size,
  toEventSelector,
  TransactionReceiptNotFoundError,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { getTransactionReceipt } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { getLogsSplit } from '../rpc/getLogsSplit';
import { getReceipts } from '../rpc/receipts';
import type { RpcClient } from '../rpc/rpcClient';
import { toRpcError } from '../rpc/rpcError';
import {
  blockTimestamps,
  DEFAULT_CHUNK,
  erc20TransferOf,
  inChunks,
  uniqueLowerCase,
  type Erc20Transfer,
} from './chainReads';

const SOURCE = '1inch';

/** LOP v4 (OrderMixin.sol). Not v3's OrderFilledRFQ, which has another signature. */
export const ORDER_FILLED_EVENT = parseAbiItem('event OrderFilled(bytes32 orderHash, uint256 remainingAmount)');

const TRANSFER_EVENT = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

export interface GetFillsParameters {
  /** The LOP v4 contract (inside 1inch Router v6 on mainnet: 0x111111125421cA6dc452d289314280a0f8842A65). */
  limitOrderProtocol: Address;
  fromBlock: bigint;
  /** Inclusive. */
  toBlock: bigint;
  /** Hashes of the orders the market maker signed, from its quote log, lower-case. */
  orderHashes: ReadonlySet<Hex>;
  /**
   * The wallets whose Transfers are a fill's legs: the makers, and any other receiver their orders
   * name (the taker asset goes to the order's receiver). Transfers between two of them are ignored.
   */
  makers: readonly Address[];
  /** Only Transfers of these tokens count (e.g. not an extension's fee token). Empty: every token. */
  tokens: readonly Address[];
  /** The node's eth_getLogs block-range limit, when known; ranges it refuses are split anyway. */
  maxLogRange?: bigint;
}

export interface TokenAmount {
  token: Address;
  amount: bigint;
}

/**
 * One of the maker's orders filled on chain, as the OrderFilled log and its transaction tell it (raw
 * token amounts, no price). Not model.ts's `Fill`, which is this fill valued in USD for the KPIs.
 */
export interface ChainFill {
  orderHash: Hex;
  txHash: Hash;
  blockNumber: bigint;
  blockHash: Hash;
  timestampSec: number;
  /** Of the OrderFilled log. */
  logIndex: number;
  /** Of the whole transaction, which may fill several orders: see `fillsInTx` before summing. */
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** Orders (ours or not) the transaction filled, to share its gas among them. */
  fillsInTx: number;
  /** The transaction's sender (the taker or its relayer), who paid the gas. */
  from: Address;
  /** What the maker wallets paid out (the order's maker asset). */
  given: TokenAmount;
  /** What the maker wallets received (the order's taker asset). */
  received: TokenAmount;
  /** The order's making amount left after this fill (0 for an RFQ quote taken whole). */
  remainingAmount: bigint;
}

/** In block and log order. */
export type GetFillsReturnType = ChainFill[];
export type GetFillsErrorType = PmmError;

export async function getFills(client: RpcClient, parameters: GetFillsParameters): Promise<GetFillsReturnType> {
  checkFillParameters(parameters);
  if (parameters.orderHashes.size === 0) {
    return [];
  }
  return fillsOf(client, await getFillCandidates(client, parameters), parameters);
}

export type GetFillCandidatesParameters = Pick<
  GetFillsParameters,
  'limitOrderProtocol' | 'fromBlock' | 'toBlock' | 'makers' | 'maxLogRange'
>;

/**
 * The transactions of a block range in which a maker wallet paid something out, each with the
 * contract's OrderFilled logs (of any order) and the transfers before each: what the range's fills are
 * found in, whichever orders are ours. A function of the chain up to `toBlock` alone, so queries with
 * different quote logs can share it; `fillsOf` picks the fills of our orders.
 */
export type FillCandidates = FillReceipt[];

export async function getFillCandidates(
  client: RpcClient,
  parameters: GetFillCandidatesParameters
): Promise<FillCandidates> {
  const { limitOrderProtocol, fromBlock, toBlock, maxLogRange } = parameters;
  checkFillParameters(parameters);
  // The maker wallets' outgoing transfers: every fill of ours has one (its maker asset), and so do our
  // other moves (rebalances, supplies, deposits), whose receipts hold no OrderFilled of ours.
  const outgoing = await getLogsSplit(
    client,
    {
      // Of any token: a fill whose maker asset is not among the tokens must be found, to be refused by name.
      event: TRANSFER_EVENT,
      args: { from: [...parameters.makers] },
      strict: true,
      fromBlock,
      toBlock,
    },
    { maxRange: maxLogRange }
  );
  const txHashes = [...new Set(outgoing.filter((log) => !log.removed).map((log) => log.transactionHash))];
  if (txHashes.length === 0) {
    return [];
  }
  return getReceipts(client, txHashes, {
    pick: (receipt) => fillReceiptOf(receipt, limitOrderProtocol),
  });
}

/** The fills of the orders `orderHashes` names among the candidates, in block and log order. */
export async function fillsOf(
  client: RpcClient,
  candidates: FillCandidates,
  parameters: Pick<GetFillsParameters, 'orderHashes' | 'makers' | 'tokens'>
): Promise<GetFillsReturnType> {
  checkAddresses('token', parameters.tokens);
  const wanted = uniqueLowerCase([...parameters.orderHashes]);
  const ours = candidates
    .flatMap((receipt) => receipt.spans.filter((span) => wanted.has(span.orderHash)).map((span) => ({ receipt, span })))
    .sort((a, b) =>
      a.receipt.blockNumber === b.receipt.blockNumber
        ? a.span.logIndex - b.span.logIndex
        : a.receipt.blockNumber < b.receipt.blockNumber
          ? -1
          : 1
    );
  if (ours.length === 0) {
    return [];
  }
  const timestamps = await blockTimestamps(
    client,
    ours.map(({ receipt }) => receipt.blockHash)
  );
  const legs = { makers: uniqueLowerCase(parameters.makers), tokens: uniqueLowerCase(parameters.tokens) };

  return ours.map(({ receipt, span }) => {
    const timestampSec = timestamps.get(receipt.blockHash);
    if (timestampSec === undefined) {
      throw reorganised(receipt.transactionHash);
    }
    const where = `order ${span.orderHash} filled in transaction ${receipt.transactionHash}`;
    return {
      orderHash: span.orderHash as Hex,
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      timestampSec,
      logIndex: span.logIndex,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
      fillsInTx: receipt.spans.length,
      from: getAddress(receipt.from),
      given: leg(span.transfers, 'from', legs, where),
      received: leg(span.transfers, 'to', legs, where),
      remainingAmount: span.remainingAmount,
    };
  });
}

function checkFillParameters(
  parameters: Pick<GetFillsParameters, 'limitOrderProtocol' | 'makers'> & { tokens?: readonly Address[] }
): void {
  const { limitOrderProtocol, makers } = parameters;
  checkAddresses('limit order protocol', [limitOrderProtocol]);
  checkAddresses('maker', makers);
  checkAddresses('token', parameters.tokens ?? []);
  if (makers.length === 0) {
    throw new PmmError(SOURCE, 'no maker wallet is given, so no fill can be attributed', {
      fix: 'list the wallets that sign the quotes and receive their proceeds',
    });
  }
}

/** What a fill needs of its transaction's receipt. */
export interface FillReceipt {
  transactionHash: Hash;
  blockHash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  from: Address;
  /** Every OrderFilled of the contract in the transaction, in log order. */
  spans: FillSpan[];
}

function fillReceiptOf(receipt: TransactionReceipt, limitOrderProtocol: Address): FillReceipt {
  return {
    transactionHash: receipt.transactionHash,
    blockHash: receipt.blockHash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    from: receipt.from,
    spans: fillSpans(receipt, limitOrderProtocol),
  };
}

export interface FillSpan {
  /** Of the OrderFilled log. */
  logIndex: number;
  /** Lower-case. */
  orderHash: string;
  /** The order's making amount left after this fill (the event's second word). */
  remainingAmount: bigint;
  /** The ERC-20 Transfers between the previous OrderFilled of the transaction and this one. */
  transfers: Erc20Transfer[];
}

const ORDER_FILLED_TOPIC = toEventSelector(ORDER_FILLED_EVENT);

/** Every OrderFilled of the contract in the receipt, in log order, with the transfers before it. */
function fillSpans(receipt: TransactionReceipt, limitOrderProtocol: Address): FillSpan[] {
  const lop = limitOrderProtocol.toLowerCase();
  const spans: FillSpan[] = [];
  let pending: Erc20Transfer[] = [];
  for (const log of [...receipt.logs].sort((a, b) => a.logIndex - b.logIndex)) {
    if (log.address.toLowerCase() === lop && log.topics[0] === ORDER_FILLED_TOPIC && size(log.data) === 64) {
      spans.push({
        logIndex: log.logIndex,
        orderHash: log.data.slice(0, 66).toLowerCase(),
        remainingAmount: BigInt(`0x${log.data.slice(66, 130)}`),
        transfers: pending,
      });
      pending = [];
      continue;
    }
    const transfer = erc20TransferOf(log);
    if (transfer) {
      pending.push(transfer);
    }
  }
  return spans;
}

/** One side of the trade: the maker wallets' outgoing ('from') or incoming ('to') transfers, summed. */
function leg(
  transfers: readonly Erc20Transfer[],
  side: 'from' | 'to',
  legs: { makers: ReadonlySet<string>; tokens: ReadonlySet<string> },
  where: string
): TokenAmount {
  const other = side === 'from' ? 'to' : 'from';
  const mine = transfers.filter(
    (transfer) =>
      legs.makers.has(transfer[side].toLowerCase()) &&
      !legs.makers.has(transfer[other].toLowerCase()) &&
      (legs.tokens.size === 0 || legs.tokens.has(transfer.token.toLowerCase()))
  );
  if (mine.length === 0) {
    throw new PmmError(SOURCE, `${where}: no ERC-20 Transfer ${side} a maker wallet before its OrderFilled log`, {
      fix:
        side === 'from'
          ? "add the order's maker wallet to the makers and its maker asset to the tokens"
          : "add the order's receiver to the makers and its taker asset to the tokens (an order paid in ETH, with unwrapWeth, has no Transfer to the maker)",
    });
  }
  const tokens = new Set(mine.map((transfer) => transfer.token));
  if (tokens.size > 1) {
    throw new PmmError(
      SOURCE,
      `${where}: Transfers of ${tokens.size} tokens ${side} the maker wallets (${[...tokens].join(', ')}), so the fill's ${side === 'from' ? 'maker' : 'taker'} asset is ambiguous`,
      {
        fix: 'narrow the tokens to those the market maker quotes; a fill nested in another fill cannot be split by log position',
      }
    );
  }
  return { token: mine[0].token, amount: mine.reduce((sum, transfer) => sum + transfer.amount, 0n) };
}

function reorganised(txHash: Hash): PmmError {
  return new PmmError(SOURCE, `transaction ${txHash} moved or changed while its fills were being read`, {
    fix: 'the chain reorganised during the read (or the nodes disagree): retry, or read up to a finalized block',
  });
}

function checkAddresses(what: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    if (!isAddress(address, { strict: false })) {
      throw new PmmError(SOURCE, `${what} ${address} is not an address`, { fix: 'give a 0x-prefixed 20-byte address' });
    }
  }
}

export type SettlementStatus = 'success' | 'reverted' | 'unknown';

export interface GetSettlementStatusesParameters {
  /** The settlement transactions of accepted quotes, from the quote log. */
  txHashes: readonly Hash[];
  /** Receipts requested at once. Default 200. */
  chunk?: number;
}

export interface SettlementStatusEntry {
  txHash: Hash;
  /**
   * 'reverted': mined but failed (it emitted no OrderFilled, yet its sender paid gas). 'unknown': the
   * node has no receipt: pending, dropped, replaced, or never sent.
   */
  status: SettlementStatus;
  /** Undefined when 'unknown'. */
  blockNumber?: bigint;
  gasUsed?: bigint;
  effectiveGasPrice?: bigint;
}

/** One entry per hash given, in the same order. */
export type GetSettlementStatusesReturnType = SettlementStatusEntry[];
export type GetSettlementStatusesErrorType = PmmError;

export async function getSettlementStatuses(
  client: RpcClient,
  { txHashes, chunk = DEFAULT_CHUNK }: GetSettlementStatusesParameters
): Promise<GetSettlementStatusesReturnType> {
  for (const hash of txHashes) {
    if (!isHex(hash, { strict: true }) || size(hash) !== 32) {
      throw new PmmError(SOURCE, `${hash} is not a transaction hash`, { fix: 'give 0x-prefixed 32-byte hashes' });
    }
  }
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new PmmError(SOURCE, `receipt chunk size ${chunk} is not a positive integer`);
  }
  const unique = [...uniqueLowerCase(txHashes)] as Hash[];
  const entries = await inChunks(unique, (hash) => statusOf(client, hash), chunk);
  const byHash = new Map<string, SettlementStatusEntry>(entries.map((entry) => [entry.txHash, entry]));
  return txHashes.map((hash) => {
    const entry = byHash.get(hash.toLowerCase()) ?? { txHash: hash, status: 'unknown' };
    return { ...entry, txHash: hash };
  });
}

async function statusOf(client: RpcClient, hash: Hash): Promise<SettlementStatusEntry> {
  try {
    const receipt = await getTransactionReceipt(client, { hash });
    return {
      txHash: hash,
      status: receipt.status,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
    };
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) {
      return { txHash: hash, status: 'unknown' };
    }
    throw toRpcError(client, error, `eth_getTransactionReceipt ${hash}`);
  }
}
