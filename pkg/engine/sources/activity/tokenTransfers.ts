/**
 * Every ERC-20 Transfer of some tokens into or out of some accounts in a block range, whoever sent the
 * transaction: a deposit an outside address makes into a wallet is not among the wallets' own
 * transactions, so it can only be found by its log. Two eth_getLogs filters (accounts as `to`, accounts
 * as `from`), split as the provider needs; a transfer between two of the accounts matches both and is
 * kept once.
 */
import { getAddress, parseAbiItem, type Address, type Hash } from 'viem';

import type { PmmError } from '../../../../src/core/errors';
import { checkedAddresses, checkedRange } from '../chain/contractRead';
import { getLogsSplit } from '../rpc/getLogsSplit';
import type { RpcClient } from '../rpc/rpcClient';

const SOURCE = 'erc20';

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

export interface GetTokenTransfersParameters {
  tokens: readonly Address[];
  accounts: readonly Address[];
  fromBlock: bigint;
  /** Inclusive. */
  toBlock: bigint;
  /** The node's known eth_getLogs block-range limit, if any. */
  maxRange?: bigint;
}

export interface TokenTransfer {
  token: Address;
  from: Address;
  to: Address;
  amount: bigint;
  blockNumber: bigint;
  blockHash: Hash;
  txHash: Hash;
  logIndex: number;
}

/** In chain order. */
export type GetTokenTransfersReturnType = TokenTransfer[];
export type GetTokenTransfersErrorType = PmmError;

export async function getTokenTransfers(
  client: RpcClient,
  { tokens, accounts, fromBlock, toBlock, maxRange }: GetTokenTransfersParameters
): Promise<GetTokenTransfersReturnType> {
  const tokenAddresses = checkedAddresses(SOURCE, tokens, 'token');
  const accountAddresses = checkedAddresses(SOURCE, accounts, 'account');
  checkedRange(SOURCE, fromBlock, toBlock);
  if (tokenAddresses.length === 0 || accountAddresses.length === 0) {
    return [];
  }
  const range = { address: tokenAddresses, event: transferEvent, strict: true, fromBlock, toBlock } as const;
  const [into, outOf] = await Promise.all([
    getLogsSplit(client, { ...range, args: { to: accountAddresses } }, { maxRange }),
    getLogsSplit(client, { ...range, args: { from: accountAddresses } }, { maxRange }),
  ]);
  const seen = new Set<string>();
  const transfers: TokenTransfer[] = [];
  for (const log of [...into, ...outOf]) {
    const key = `${log.transactionHash}:${log.logIndex}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    transfers.push({
      token: getAddress(log.address),
      from: log.args.from,
      to: log.args.to,
      amount: log.args.value,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      txHash: log.transactionHash,
      logIndex: log.logIndex,
    });
  }
  return transfers.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1
  );
}
