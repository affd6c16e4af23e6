/**
 * Base fees of the blocks from 24 h before the window to its end (each point's volatility looks back
 * 24 h), from eth_feeHistory pages; block times interpolated between the span's two ends' headers
 * and every header in between that is known (exact on evenly spaced chains).
 */
import { baseFeeColumns, type BaseFees, type Window } from '../model';
import { baseFeesBetween } from '../sources/rpc/feeHistory';
import type { GatherContext } from './context';
import type { BlockRef } from './prices';
import { sharedRead } from './shared';
import { blockAtOrBeforeMs, spanKey } from './stateBlocks';
import { timeOfBlock } from './timeOfBlock';

export async function readBaseFees(
  ctx: GatherContext,
  window: Window,
  blockRefs: (numbers: readonly bigint[]) => Promise<Map<bigint, BlockRef>>
): Promise<BaseFees> {
  const start = await blockAtOrBeforeMs(ctx.blocks, window.fromMs - ctx.options.gasWindowMs, ctx.blockPoints);
  const end = await blockAtOrBeforeMs(ctx.blocks, window.toMs, ctx.blockPoints);
  if (!end) {
    return baseFeeColumns([]);
  }
  const from = start ? start.number : 0n;
  // Read once for every query that asks the same blocks (shared.ts): the end's hash names them.
  const fees = await sharedRead(
    ctx,
    `baseFees|${spanKey({ fromBlock: from, toBlock: end.number, toHash: end.hash })}`,
    (own) => baseFeesBetween(own.client, from, end.number)
  );
  const count = Number(end.number - from) + 1;
  // Every header when few enough (exact times), else the two ends (interpolated).
  const numbers =
    count <= ctx.options.maxStateBlocks
      ? Array.from({ length: count }, (_, i) => from + BigInt(i))
      : [from, end.number];
  const time = timeOfBlock([...(await blockRefs(numbers)).values()]);
  const timeMs = new Float64Array(fees.length);
  for (let i = 0; i < fees.length; i++) {
    timeMs[i] = time(from + BigInt(i));
  }
  return { timeMs, wei: fees };
}
