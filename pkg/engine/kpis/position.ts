/**
 * Section 2 of the framework (position management), at the state block of the window, except max
 * drawdown, which runs over the NAV of every state block in the window.
 */
import type { Snapshot } from '../model';
import type { KpiContext } from './context';
import { inWindow, need, NO_BLOCKS, NO_STATE, stateAt, type KpiResult } from './result';
import { inventoryUsd, navUsd, spotUnits } from './valuation';

/**
 * (long − short − neutral) ÷ neutral × 100 with the perp counted in; without a neutral level the
 * divisor is the gross holdings (long + short), so an unhedged long reads 100 % and a hedged one 0 %.
 */
export function netDeltaOf(s: Snapshot, asset: string, neutral: number | undefined): number | null {
  const h = s.holdings[asset];
  if (!h) {
    return null;
  }
  const net = spotUnits(s, asset) + h.perp;
  if (neutral !== undefined) {
    return neutral === 0 ? null : ((net - neutral) / neutral) * 100;
  }
  const gross = h.wallets + h.supplied + h.borrowed + Math.abs(h.perp);
  return gross === 0 ? null : (net / gross) * 100;
}

export function netDelta(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const breakdown: Record<string, number> = {};
  for (const asset of ctx.data.assets.filter((a) => !a.stable)) {
    const delta = netDeltaOf(s, asset.symbol, asset.neutralUnits);
    if (delta !== null) {
      breakdown[asset.symbol] = delta;
    }
  }
  return { value: ctx.worst(breakdown), breakdown };
}

/**
 * Largest exposure ÷ NAV: an exposure is an asset's inventory value, the stablecoins together form
 * one (and carry the hedge's unrealized PnL, in USD), so the exposures add up to NAV.
 */
export function concentration(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const exposures = new Map<string, number>([['stablecoins', s.hedgeUnrealizedPnlUsd]]);
  for (const asset of ctx.data.assets) {
    const group = asset.stable ? 'stablecoins' : asset.symbol;
    exposures.set(group, (exposures.get(group) ?? 0) + inventoryUsd(s, asset.symbol));
  }
  const nav = navUsd(s);
  const largest = Math.max(...[...exposures.values()].map(Math.abs));
  return { value: nav === 0 ? null : (largest / nav) * 100, parts: { ...Object.fromEntries(exposures), navUsd: nav } };
}

/**
 * Σ perp offsetting each volatile asset's exposure (spot − neutral) ÷ Σ |exposure|, in USD. A perp on
 * the same side as the exposure offsets nothing; over-hedging shows above 100 %.
 */
export function hedgeCoverage(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  let exposedUsd = 0;
  let offsetUsd = 0;
  for (const asset of ctx.data.assets.filter((a) => !a.stable)) {
    const price = s.prices[asset.symbol] ?? 0;
    const exposure = spotUnits(s, asset.symbol) - (asset.neutralUnits ?? 0);
    const perp = s.holdings[asset.symbol]?.perp ?? 0;
    exposedUsd += Math.abs(exposure) * price;
    if (exposure * perp < 0) {
      offsetUsd += Math.abs(perp) * price;
    }
  }
  return { value: exposedUsd === 0 ? null : (offsetUsd / exposedUsd) * 100, parts: { exposedUsd, offsetUsd } };
}

/**
 * Largest fall from a running peak of flow-adjusted NAV (NAV − external flows since the window's start,
 * those of each block counted at it) to a later one, as % of that peak, over the window's state blocks:
 * capital moved in or out is not a gain or a loss.
 */
export function maxDrawdown(ctx: KpiContext): KpiResult {
  const blocks = inWindow(need(ctx.data.snapshots), ctx.window);
  if (blocks.length === 0) {
    return NO_BLOCKS;
  }
  const flows = inWindow(need(ctx.data.externalFlows), ctx.window);
  let flowsUsd = 0;
  let next = 0;
  let peak = -Infinity;
  let deepest = 0;
  for (const block of blocks) {
    while (next < flows.length && flows[next].timeMs <= block.timeMs) {
      flowsUsd += flows[next].usd;
      next++;
    }
    const adjusted = navUsd(block) - flowsUsd;
    peak = Math.max(peak, adjusted);
    // Before the wallets held anything (funded inside the window) there is no peak to fall from.
    if (peak > 0) {
      deepest = Math.max(deepest, (peak - adjusted) / peak);
    }
  }
  if (peak <= 0) {
    return { value: null, note: 'the wallets held nothing in the range' };
  }
  return {
    value: deepest * 100,
    parts: { blocks: blocks.length, peakAdjustedNavUsd: peak, externalFlowsUsd: flowsUsd },
  };
}
