/**
 * Small reads shared by the activity sources: ERC-20 Transfer logs decoded from a receipt, and block
 * headers or bodies for many blocks, requested a chunk at a time so the transport folds each chunk
 * into JSON-RPC batches without turning a month of activity into one burst.
 */
import { getAddress, hexToBigInt, size, slice, toEventSelector, type Address, type Hash, type Hex } from 'viem';
import { getBlock } from 'viem/actions';

import type { RpcClient } from '../rpc/rpcClient';
import { withRpcErrors } from '../rpc/rpcError';

/** Requests issued at once (one or a few HTTP batches). */
export const DEFAULT_CHUNK = 200;

const TRANSFER_TOPIC = toEventSelector('Transfer(address,address,uint256)');

export interface Erc20Transfer {
  /** The token contract that emitted the log. */
  token: Address;
  from: Address;
  to: Address;
  amount: bigint;
  logIndex: number;
}

interface RawLog {
  address: Address;
  topics: readonly Hex[];
  data: Hex;
  logIndex: number;
}

/**
 * The log as an ERC-20 Transfer, or undefined. ERC-721 shares the topic but indexes the token id (a
 * fourth topic, no data), so the shape, not the topic alone, tells them apart.
 */
export function erc20TransferOf(log: RawLog): Erc20Transfer | undefined {
  if (log.topics.length !== 3 || log.topics[0] !== TRANSFER_TOPIC || size(log.data) !== 32) {
    return undefined;
  }
  return {
    token: getAddress(log.address),
    from: getAddress(slice(log.topics[1], 12)),
    to: getAddress(slice(log.topics[2], 12)),
    amount: hexToBigInt(log.data),
    logIndex: log.logIndex,
  };
}

export function erc20TransfersOf(logs: readonly RawLog[]): Erc20Transfer[] {
  return logs.map(erc20TransferOf).filter((transfer): transfer is Erc20Transfer => transfer !== undefined);
}

/** Runs `read` on every item, `chunk` at a time, keeping the items' order. */
export async function inChunks<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
  chunk = DEFAULT_CHUNK
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += chunk) {
    results.push(...(await Promise.all(items.slice(start, start + chunk).map(read))));
  }
  return results;
}

/** Timestamps (unix seconds) of blocks named by hash: a reorg cannot swap the block under us. */
export async function blockTimestamps(client: RpcClient, blockHashes: readonly Hash[]): Promise<Map<Hash, number>> {
  const unique = [...new Set(blockHashes)];
  const headers = await inChunks(unique, (blockHash) =>
    withRpcErrors(client, `eth_getBlockByHash ${blockHash}`, () => getBlock(client, { blockHash }))
  );
  return new Map(headers.map((header, i) => [unique[i], Number(header.timestamp)]));
}

export function uniqueLowerCase(values: readonly string[]): Set<string> {
  return new Set(values.map((value) => value.toLowerCase()));
}
