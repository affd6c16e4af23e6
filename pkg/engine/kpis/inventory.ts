/**
 * Section 3 of the framework (inventory management). Inventory value is NAV throughout (valuation.ts),
 * split into its on-chain part (wallet tokens and native ETH + supplied − borrowed: borrowed cash sits
 * in the wallets, so counting it without its debt would overstate what the maker owns) and the hedge
 * venue's equity.
 */
import type { KpiContext } from './context';
import { inWindow, need, NO_BLOCKS, NO_STATE, stateAt, windowDays, type KpiResult } from './result';
import { countIn, sortedByTime, timeMsOf } from './timeIndex';
import { share, total } from './stats';
import { inventoryUsd, navLines, navUsd, onchainUsd, venueUsd } from './valuation';
import type { Snapshot, Window } from '../model';

export function onchainInventory(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const { tokensUsd, ethGasUsd } = navLines(s);
  return {
    value: share(onchainUsd(s), navUsd(s)),
    parts: { onchainUsd: onchainUsd(s), tokensUsd, ethGasUsd, navUsd: navUsd(s) },
  };
}

export function hedgedInventory(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  return { value: share(venueUsd(s), navUsd(s)), parts: { venueUsd: venueUsd(s), navUsd: navUsd(s) } };
}

/**
 * NAV averaged over time: each state's NAV holds from its block's time until the next state block's,
 * over the part of the window from the first known state on (the state before the window holds from
 * its start). Null where no state is known in the window.
 */
export function timeWeightedNav(snapshots: readonly Snapshot[], window: Window): number | null {
  const sorted = sortedByTime(snapshots, timeMsOf);
  const first = Math.max(0, countIn(sorted, timeMsOf, { fromMs: -Infinity, toMs: window.fromMs }) - 1);
  let weighted = 0;
  let covered = 0;
  for (let i = first; i < sorted.length && sorted[i].timeMs < window.toMs; i++) {
    const from = Math.max(window.fromMs, sorted[i].timeMs);
    const to = Math.min(window.toMs, i + 1 < sorted.length ? sorted[i + 1].timeMs : Infinity);
    if (to > from) {
      weighted += navUsd(sorted[i]) * (to - from);
      covered += to - from;
    }
  }
  return covered === 0 ? null : weighted / covered;
}

/**
 * Fill volume ÷ time-weighted mean NAV ÷ the window's length in days: turnover per day. A window
 * between two blocks has the NAV of the state before it, and no fills: 0.
 */
export function inventoryTurnover(ctx: KpiContext): KpiResult {
  const meanNav = timeWeightedNav(need(ctx.data.snapshots), ctx.window);
  if (meanNav === null || meanNav <= 0) {
    return NO_BLOCKS;
  }
  const volumeUsd = total(inWindow(need(ctx.data.fills), ctx.window).map((f) => f.volumeUsd));
  const days = windowDays(ctx.window);
  return { value: volumeUsd / meanNav / days, parts: { volumeUsd, meanNavUsd: meanNav, days } };
}

/**
 * Moves between two parts of the portfolio per day (wallet ↔ wallet, wallet ↔ lending market, wallet →
 * hedge venue), with the count of each kind in its parts; 0 on a window with blocks but none.
 */
export function rebalancingCount(ctx: KpiContext): KpiResult {
  if (countIn(need(ctx.data.snapshots), timeMsOf, ctx.window) === 0) {
    return NO_BLOCKS;
  }
  const moves = inWindow(need(ctx.data.rebalances), ctx.window);
  const days = windowDays(ctx.window);
  const of = (kind: string) => moves.filter((m) => m.kind === kind).length;
  return {
    value: moves.length / days,
    parts: { wallets: of('wallets'), lending: of('lending'), venue: of('venue'), days },
  };
}

/** Per asset with a target: inventory value ÷ target × 100. */
export function inventoryLevel(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const breakdown: Record<string, number> = {};
  for (const asset of ctx.data.assets) {
    if (asset.targetUsd !== undefined && asset.targetUsd > 0) {
      breakdown[asset.symbol] = (inventoryUsd(s, asset.symbol) / asset.targetUsd) * 100;
    }
  }
  return { value: ctx.worst(breakdown), breakdown };
}
