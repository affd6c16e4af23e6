/**
 * The price history VaR looks its daily returns up in: the prices at every state block (the range's
 * own) and at the blocks in force 1 … N days before the range's end (the look-back before the range
 * starts), ascending by block time. Every one is read through the same price rule as the holdings
 * (prices.ts): a stale or failing feed is valued at CoinGecko where it has a price then, and flagged, so
 * a return is never measured between a frozen answer and a live one while a fallback exists. A day on
 * which a feed did not exist yet (and CoinGecko has no price then) ends the look-back there (an asset
 * listed last month has a short history); the state block's own prices must be there.
 */
import { DAY_MS } from '../../../src/core/time';
import type { PricePoint, Snapshot, Window } from '../model';
import type { GatherContext } from './context';
import type { PricesAt } from './prices';
import { blockAtOrBeforeMs, headersOf } from './stateBlocks';

export async function readPriceHistory(
  ctx: GatherContext,
  snapshots: readonly Snapshot[],
  window: Window,
  pricesAt: PricesAt
): Promise<PricePoint[]> {
  const state = [...snapshots].reverse().find((s) => s.timeMs <= window.toMs);
  if (!state) {
    return [];
  }
  const found = await Promise.all(
    Array.from({ length: ctx.options.varWindowDays }, (_, i) =>
      blockAtOrBeforeMs(ctx.blocks, state.timeMs - (i + 1) * DAY_MS, ctx.blockPoints)
    )
  );
  const known = new Set(snapshots.map((s) => s.blockNumber));
  const missing = [...new Set(found.flatMap((b) => (b && !known.has(b.number) ? [b.number] : [])))];
  const symbols = ctx.assets.map((a) => a.symbol);
  const days = await Promise.allSettled(
    (await headersOf(ctx.client, missing)).map(async (ref) => {
      const price = (await pricesAt([ref]))(ref.number);
      return { timeMs: ref.timeMs, prices: Object.fromEntries(symbols.map((s) => [s, price(s)])) };
    })
  );
  // Newest first (k = 1 … N), so the first day without a price cuts off everything older.
  const earlier: PricePoint[] = [];
  for (const day of days) {
    if (day.status === 'rejected') {
      break;
    }
    earlier.push(day.value);
  }
  const points = [...earlier, ...snapshots.map((s) => ({ timeMs: s.timeMs, prices: s.prices }))];
  return points.sort((a, b) => a.timeMs - b.timeMs);
}
