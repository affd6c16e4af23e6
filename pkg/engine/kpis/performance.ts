/**
 * Section 5 of the framework (performance): revenue − expenses over the window, from pnl.ts's entries.
 * Null when the window holds no block (no data); 0 when it holds blocks without revenue or expense.
 */
import { REVENUE_KINDS, type PnlEntry } from '../model';
import type { KpiContext } from './context';
import { pnlEntries } from './pnl';
import { DAY_MS, inWindow, need, NO_BLOCKS, type KpiResult } from './result';
import { slope } from './stats';
import { countIn, timeMsOf } from './timeIndex';

function split(entries: readonly PnlEntry[]): { revenueUsd: number; expensesUsd: number } {
  let revenueUsd = 0;
  let expensesUsd = 0;
  for (const e of entries) {
    if (REVENUE_KINDS.includes(e.kind)) {
      revenueUsd += e.usd;
    } else {
      expensesUsd -= e.usd;
    }
  }
  return { revenueUsd, expensesUsd };
}

function blockCount(ctx: KpiContext): number {
  return countIn(need(ctx.data.snapshots), timeMsOf, ctx.window);
}

/** Revenue − expenses; judged on its trend: the least-squares slope of the cumulative PnL per day. */
export function totalPnl(ctx: KpiContext): KpiResult {
  const blocks = inWindow(need(ctx.data.snapshots), ctx.window);
  if (blocks.length === 0) {
    return NO_BLOCKS;
  }
  const entries = pnlEntries(ctx.data, ctx.window);
  // The cumulative PnL at each block of the window: x in days, y in USD.
  const days = new Float64Array(blocks.length);
  const cumulativeUsd = new Float64Array(blocks.length);
  let cumulative = 0;
  let next = 0;
  blocks.forEach((block, i) => {
    while (next < entries.length && entries[next].timeMs <= block.timeMs) {
      cumulative += entries[next].usd;
      next++;
    }
    days[i] = block.timeMs / DAY_MS;
    cumulativeUsd[i] = cumulative;
  });
  const { revenueUsd, expensesUsd } = split(entries);
  return { value: revenueUsd - expensesUsd, trend: slope(days, cumulativeUsd), parts: { revenueUsd, expensesUsd } };
}

/** The same per asset; the KPI shows the worst asset. */
export function tokenPnl(ctx: KpiContext): KpiResult {
  if (blockCount(ctx) === 0) {
    return NO_BLOCKS;
  }
  const breakdown: Record<string, number> = Object.fromEntries(ctx.data.assets.map((a) => [a.symbol, 0]));
  for (const entry of pnlEntries(ctx.data, ctx.window)) {
    breakdown[entry.asset] = (breakdown[entry.asset] ?? 0) + entry.usd;
  }
  return { value: ctx.worst(breakdown), breakdown };
}

/** Revenue ÷ trading costs (every expense, funding net of receipts) × 100. */
export function revenueEfficiency(ctx: KpiContext): KpiResult {
  const { revenueUsd, expensesUsd } = split(pnlEntries(ctx.data, ctx.window));
  if (expensesUsd <= 0) {
    return { value: null, parts: { revenueUsd, expensesUsd }, note: 'no net trading cost in the range' };
  }
  return { value: (revenueUsd / expensesUsd) * 100, parts: { revenueUsd, expensesUsd } };
}
