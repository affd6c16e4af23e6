/**
 * Section 3 of the framework (inventory management). Inventory value is NAV throughout, split into its
 * on-chain part (wallets + supplied − borrowed: borrowed cash sits in the wallets, so counting it
 * without its debt would overstate what the maker owns) and the hedge venue's equity.
 */
import type { KpiContext } from './context';
import { inWindow, need, NO_BLOCKS, NO_STATE, stateAt, windowDays, type KpiResult } from './result';
import { countIn, timeMsOf, timeOfNumber } from './timeIndex';
import { average, share, total } from './stats';
import { inventoryUsd, navUsd, onchainUsd, venueUsd } from './valuation';

export function onchainInventory(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  return { value: share(onchainUsd(s), navUsd(s)), parts: { onchainUsd: onchainUsd(s), navUsd: navUsd(s) } };
}

export function hedgedInventory(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  return { value: share(venueUsd(s), navUsd(s)), parts: { venueUsd: venueUsd(s), navUsd: navUsd(s) } };
}

/** Fill volume ÷ mean NAV over the window's blocks ÷ the window's length in days: turnover per day. */
export function inventoryTurnover(ctx: KpiContext): KpiResult {
  const meanNav = average(inWindow(need(ctx.data.snapshots), ctx.window).map(navUsd));
  if (meanNav === null || meanNav <= 0) {
    return NO_BLOCKS;
  }
  const volumeUsd = total(inWindow(need(ctx.data.fills), ctx.window).map((f) => f.volumeUsd));
  const days = windowDays(ctx.window);
  return { value: volumeUsd / meanNav / days, parts: { volumeUsd, meanNavUsd: meanNav, days } };
}

/** Transfers between the market maker's own wallets, per day; 0 on a window with blocks but none. */
export function rebalancingCount(ctx: KpiContext): KpiResult {
  if (countIn(need(ctx.data.snapshots), timeMsOf, ctx.window) === 0) {
    return NO_BLOCKS;
  }
  const count = countIn(need(ctx.data.rebalances), timeOfNumber, ctx.window);
  const days = windowDays(ctx.window);
  return { value: count / days, parts: { count, days } };
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
