/**
 * The aggregate3 calls of one block that are asked together (a snapshot's readers ask at once) go out
 * as one eth_call, cut into chunks of at most 1,024 bytes of calldata as viem's multicall batching cut
 * them: providers bill eth_calls one by one, batched or not, so each reader's multicall must not be an
 * eth_call of its own. Each asker gets its own calls' outcomes back, in its order; a chunk that fails
 * as a whole (the node, Multicall3 missing, an answer that does not decode) fails the calls it held.
 */
import { BaseError, decodeFunctionResult, multicall3Abi } from 'viem';
import { call } from 'viem/actions';

import type { RpcClient } from '../rpc/rpcClient';
import { decodeAggregate3, encodeAggregate3, type Aggregate3Call, type Aggregate3Result } from './aggregate3';

/** A call's result, or what failed the whole chunk it was sent in. */
export type CallOutcome = Aggregate3Result | { error: unknown };

/** viem's default for multicall batching (`batch.multicall.batchSize`). */
export const MAX_CALLDATA_BYTES = 1_024;

interface Asker {
  calls: readonly Aggregate3Call[];
  resolve(outcomes: CallOutcome[]): void;
}

const waitingByClient = new WeakMap<RpcClient, Map<string, Asker[]>>();

/** The outcomes of `calls` at `blockNumber`, sent with every other call of that block asked in the same turn. */
export function aggregate3(
  client: RpcClient,
  blockNumber: bigint | undefined,
  calls: readonly Aggregate3Call[]
): Promise<CallOutcome[]> {
  let byBlock = waitingByClient.get(client);
  if (!byBlock) {
    byBlock = new Map();
    waitingByClient.set(client, byBlock);
  }
  const waiting = byBlock;
  const key = blockNumber === undefined ? 'latest' : String(blockNumber);
  return new Promise((resolve) => {
    let askers = waiting.get(key);
    if (!askers) {
      const gathered: Asker[] = [];
      askers = gathered;
      waiting.set(key, gathered);
      setTimeout(() => {
        waiting.delete(key);
        void send(client, blockNumber, gathered);
      }, 0);
    }
    askers.push({ calls, resolve });
  });
}

interface Placed {
  call: Aggregate3Call;
  asker: number;
  index: number;
}

/** Chunks of at most MAX_CALLDATA_BYTES of calldata (a larger call goes alone). */
export function chunked<T extends { call: Aggregate3Call }>(placed: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of placed) {
    const size = (item.call.callData.length - 2) / 2;
    if (current.length > 0 && bytes + size > MAX_CALLDATA_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

async function send(client: RpcClient, blockNumber: bigint | undefined, askers: readonly Asker[]): Promise<void> {
  const placed: Placed[] = askers.flatMap((asker, a) => asker.calls.map((c, index) => ({ call: c, asker: a, index })));
  const outcomes: CallOutcome[][] = askers.map((asker) => new Array<CallOutcome>(asker.calls.length));
  await Promise.all(
    chunked(placed).map(async (chunk) => {
      const results = await sendChunk(
        client,
        blockNumber,
        chunk.map((p) => p.call)
      ).catch((error: unknown): CallOutcome[] => chunk.map(() => ({ error })));
      chunk.forEach((p, i) => {
        outcomes[p.asker][p.index] = results[i];
      });
    })
  );
  askers.forEach((asker, a) => asker.resolve(outcomes[a]));
}

async function sendChunk(
  client: RpcClient,
  blockNumber: bigint | undefined,
  calls: readonly Aggregate3Call[]
): Promise<readonly Aggregate3Result[]> {
  const { data = '0x' } = await call(client, {
    to: client.chain.contracts?.multicall3?.address,
    data: encodeAggregate3(calls),
    blockNumber,
    batch: false,
  });
  const answered =
    decodeAggregate3(data, calls.length) ??
    decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data });
  if (answered.length !== calls.length) {
    throw new BaseError('multicall results mismatch');
  }
  return answered;
}
