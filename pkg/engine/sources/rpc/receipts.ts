/**
 * Transaction receipts for many hashes: each chunk is requested at once so the transport folds it
 * into JSON-RPC batches, and chunks go one after another so a day of fills does not become one burst.
 * A caller that needs a few fields gives `pick`, applied as each receipt arrives: a month of fills
 * is thousands of receipts, and holding them whole (logs, blooms) until the last one came in was
 * most of the backend's live memory while it read them.
 */
import { TransactionReceiptNotFoundError, type Hash, type TransactionReceipt } from 'viem';
import { getTransactionReceipt } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import type { RpcClient } from './rpcClient';
import { rpcSource, toRpcError } from './rpcError';

export interface GetReceiptsOptions<T> {
  /** Receipts requested at once. Default 200. */
  chunk?: number;
  /** What is kept of each receipt. */
  pick: (receipt: TransactionReceipt) => T;
}

/** In the order of the hashes given. */
export type GetReceiptsReturnType<T> = T[];
export type GetReceiptsErrorType = PmmError;

const DEFAULT_CHUNK = 200;

export async function getReceipts<T>(
  client: RpcClient,
  hashes: readonly Hash[],
  { chunk = DEFAULT_CHUNK, pick }: GetReceiptsOptions<T>
): Promise<GetReceiptsReturnType<T>> {
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new PmmError('rpc', `receipt chunk size ${chunk} is not a positive integer`);
  }
  const picked: T[] = [];
  for (let start = 0; start < hashes.length; start += chunk) {
    const slice = hashes.slice(start, start + chunk);
    picked.push(...(await Promise.all(slice.map(async (hash) => pick(await receiptOf(client, hash))))));
  }
  return picked;
}

async function receiptOf(client: RpcClient, hash: Hash): Promise<TransactionReceipt> {
  try {
    return await getTransactionReceipt(client, { hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) {
      throw new PmmError(rpcSource(client), `no receipt for transaction ${hash}`, {
        fix: 'the transaction is unknown to the node, still pending or was dropped: check the hash and the chain',
      });
    }
    throw toRpcError(client, error, `eth_getTransactionReceipt ${hash}`);
  }
}
