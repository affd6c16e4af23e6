/**
 * Section 5 of the framework (performance): revenue − expenses over the window, from pnl.ts's entries.
 * Null when the window holds no block (no data); 0 when it holds blocks without revenue or expense.
 */
import { REVENUE_KINDS, type PnlEntry } from '../model';
import type { KpiContext } from './context';
import { pnlEntries } from './pnl';
import { DAY_MS, need, NO_BLOCKS, within, type KpiResult } from './result';
import { slope, total } from './stats';

function split(entries: readonly PnlEntry[]): { revenueUsd: number; expensesUsd: number } {
  const revenueUsd = total(entries.filter((e) => REVENUE_KINDS.includes(e.kind)).map((e) => e.usd));
  const expensesUsd = -total(entries.filter((e) => !REVENUE_KINDS.includes(e.kind)).map((e) => e.usd));
  return { revenueUsd, expensesUsd };
}

function blockTimes(ctx: KpiContext): number[] {
  return need(ctx.data.snapshots)
    .filter((s) => within(s.timeMs, ctx.window))
    .map((s) => s.timeMs);
}

/** Revenue − expenses; judged on its trend: the least-squares slope of the cumulative PnL per day. */
export function totalPnl(ctx: KpiContext): KpiResult {
  const times = blockTimes(ctx);
  if (times.length === 0) {
    return NO_BLOCKS;
  }
  const entries = pnlEntries(ctx.data, ctx.window).sort((a, b) => a.timeMs - b.timeMs);
  const curve: Array<{ x: number; y: number }> = [];
  let cumulative = 0;
  let next = 0;
  for (const time of times) {
    while (next < entries.length && entries[next].timeMs <= time) {
      cumulative += entries[next].usd;
      next++;
    }
    curve.push({ x: time / DAY_MS, y: cumulative });
  }
  const { revenueUsd, expensesUsd } = split(entries);
  return { value: revenueUsd - expensesUsd, trend: slope(curve), parts: { revenueUsd, expensesUsd } };
}

/** The same per asset; the KPI shows the worst asset. */
export function tokenPnl(ctx: KpiContext): KpiResult {
  if (blockTimes(ctx).length === 0) {
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
