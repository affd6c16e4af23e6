/**
 * eth_getLogs over any range, whatever the provider's limits: pre-split to `maxRange` blocks when the
 * limit is known, and halve a range the provider refuses (too many blocks or results) until it is
 * accepted or is a single block. Limits differ per provider and plan, so adapting beats configuring.
 */
import type { AbiEvent, Chain } from 'viem';
import { getLogs, type GetLogsParameters, type GetLogsReturnType } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { alignedSplit } from './alignedSplit';
import { isRangeLimitError } from './rangeLimit';
import type { RpcClient } from './rpcClient';
import { toRpcError } from './rpcError';

export type GetLogsSplitParameters<
  abiEvent extends AbiEvent | undefined = undefined,
  abiEvents extends readonly AbiEvent[] | readonly unknown[] | undefined = abiEvent extends AbiEvent
    ? [abiEvent]
    : undefined,
> = Omit<GetLogsParameters<abiEvent, abiEvents, true, bigint, bigint>, 'fromBlock' | 'toBlock' | 'blockHash'> & {
  fromBlock: bigint;
  toBlock: bigint;
};

export interface GetLogsSplitOptions {
  /** The provider's known block-range limit (e.g. 10 on Alchemy's free tier); splitting still adapts below it. */
  maxRange?: bigint;
}

export type GetLogsSplitReturnType<
  abiEvent extends AbiEvent | undefined = undefined,
  abiEvents extends readonly AbiEvent[] | readonly unknown[] | undefined = abiEvent extends AbiEvent
    ? [abiEvent]
    : undefined,
> = GetLogsReturnType<abiEvent, abiEvents, true, bigint, bigint>;

export type GetLogsSplitErrorType = PmmError;

export async function getLogsSplit<
  const abiEvent extends AbiEvent | undefined = undefined,
  const abiEvents extends readonly AbiEvent[] | readonly unknown[] | undefined = abiEvent extends AbiEvent
    ? [abiEvent]
    : undefined,
>(
  client: RpcClient,
  parameters: GetLogsSplitParameters<abiEvent, abiEvents>,
  options: GetLogsSplitOptions = {}
): Promise<GetLogsSplitReturnType<abiEvent, abiEvents>> {
  const { fromBlock, toBlock } = parameters;
  if (fromBlock < 0n || toBlock < fromBlock) {
    throw new PmmError('rpc', `eth_getLogs range ${fromBlock}–${toBlock} is empty or negative`, {
      fix: 'pass fromBlock ≤ toBlock',
    });
  }
  const { maxRange } = options;
  if (maxRange !== undefined && maxRange < 1n) {
    throw new PmmError('rpc', `maxRange ${maxRange} must be at least one block`);
  }
  const logs: GetLogsSplitReturnType<abiEvent, abiEvents> = [];
  // Sequential: the chunks of a wide range can number thousands, and providers rate-limit bursts.
  // Chunks lie on multiples of maxRange, not counted from fromBlock, so that a window that moved asks
  // the same chunks again (kept by the chain reads) but its ends.
  for (let start = fromBlock; start <= toBlock;) {
    const gridEnd = maxRange === undefined ? toBlock : start - (start % maxRange) + maxRange - 1n;
    const end = gridEnd < toBlock ? gridEnd : toBlock;
    logs.push(...(await fetchRange(client, parameters, start, end)));
    start = end + 1n;
  }
  return logs;
}

async function fetchRange<
  abiEvent extends AbiEvent | undefined,
  abiEvents extends readonly AbiEvent[] | readonly unknown[] | undefined,
>(
  client: RpcClient,
  parameters: GetLogsSplitParameters<abiEvent, abiEvents>,
  from: bigint,
  to: bigint
): Promise<GetLogsSplitReturnType<abiEvent, abiEvents>> {
  let refusal: unknown;
  try {
    return await getLogs<Chain, abiEvent, abiEvents, true, bigint, bigint>(client, {
      ...parameters,
      fromBlock: from,
      toBlock: to,
    } as GetLogsParameters<abiEvent, abiEvents, true, bigint, bigint>);
  } catch (error) {
    if (!isRangeLimitError(error)) {
      throw toRpcError(client, error, `eth_getLogs ${from}–${to}`);
    }
    refusal = error;
  }
  if (from === to) {
    const wrapped = toRpcError(client, refusal, `eth_getLogs of block ${from} alone`);
    throw new PmmError(wrapped.source, wrapped.message, {
      fix: 'the node refuses even one block: narrow the address/topics or use a node without this limit',
      cause: wrapped,
    });
  }
  // On the grid of alignedSplit: the halves of a moved window's refused range are the same as before.
  const middle = alignedSplit(from, to);
  const left = await fetchRange(client, parameters, from, middle);
  const right = await fetchRange(client, parameters, middle + 1n, to);
  return [...left, ...right];
}
