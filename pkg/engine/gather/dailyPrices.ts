/**
 * The prices VaR revalues the positions with: each asset's feed price at the state block's time t0
 * and at t0 − k × 24 h for k = 1 … N (the last block at or before each), back to the chain's start.
 */
import type { DailyPrices, Window } from '../model';
import type { GatherContext } from './context';
import type { PricesAt } from './prices';
import { blockAtOrBeforeMs, headersOf, type StateBlock } from './stateBlocks';

const DAY_MS = 86_400_000;

export async function readDailyPrices(
  ctx: GatherContext,
  stateBlocks: readonly StateBlock[],
  window: Window,
  pricesAt: PricesAt
): Promise<DailyPrices> {
  const state = [...stateBlocks].reverse().find((b) => b.timeMs <= window.toMs);
  if (!state) {
    return { anchorMs: window.toMs, prices: [] };
  }
  const anchorMs = state.timeMs;
  const found = await Promise.all(
    Array.from({ length: ctx.options.varWindowDays }, (_, i) =>
      blockAtOrBeforeMs(ctx.client, anchorMs - (i + 1) * DAY_MS, ctx.blockPoints)
    )
  );
  // The look-back ends where the chain began.
  const firstMissing = found.findIndex((b) => b === undefined);
  const earlier = (firstMissing < 0 ? found : found.slice(0, firstMissing)).flatMap((b) => (b ? [b.number] : []));
  const refs = [state, ...(await headersOf(ctx.client, earlier))];
  const symbols = ctx.assets.filter((a) => a.feed !== undefined).map((a) => a.symbol);
  // Each day on its own: a feed that did not exist yet on a day ends the look-back there (an asset
  // listed last month has a short history), while the state block's own prices must be there.
  const days = await Promise.allSettled(
    refs.map(async (ref) => {
      const price = (await pricesAt([ref]))(ref.number);
      return Object.fromEntries(symbols.map((s) => [s, price(s)]));
    })
  );
  const prices: Array<Record<string, number>> = [];
  for (const day of days) {
    if (day.status === 'rejected') {
      if (prices.length === 0) {
        throw day.reason;
      }
      break;
    }
    prices.push(day.value);
  }
  return { anchorMs, prices };
}
