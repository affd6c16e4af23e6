/**
 * Transaction receipts for many hashes: each chunk is requested at once so the transport folds it
 * into JSON-RPC batches, and chunks go one after another so a day of fills does not become one burst.
 */
import { TransactionReceiptNotFoundError, type Hash, type TransactionReceipt } from 'viem';
import { getTransactionReceipt } from 'viem/actions';

import { PmmError } from '../../../../src/errors';
import type { RpcClient } from './rpcClient';
import { rpcSource, toRpcError } from './rpcError';

export interface GetReceiptsOptions {
  /** Receipts requested at once. Default 200. */
  chunk?: number;
}

/** In the order of the hashes given. */
export type GetReceiptsReturnType = TransactionReceipt[];
export type GetReceiptsErrorType = PmmError;

const DEFAULT_CHUNK = 200;

export async function getReceipts(
  client: RpcClient,
  hashes: readonly Hash[],
  { chunk = DEFAULT_CHUNK }: GetReceiptsOptions = {}
): Promise<GetReceiptsReturnType> {
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new PmmError('rpc', `receipt chunk size ${chunk} is not a positive integer`);
  }
  const receipts: TransactionReceipt[] = [];
  for (let start = 0; start < hashes.length; start += chunk) {
    const slice = hashes.slice(start, start + chunk);
    receipts.push(...(await Promise.all(slice.map((hash) => receiptOf(client, hash)))));
  }
  return receipts;
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
