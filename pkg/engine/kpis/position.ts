/**
 * Section 2 of the framework (position management), revision 2, at the state block of the window,
 * except max drawdown, which runs over the NAV of every state block in the window. Stablecoins (assets
 * marked `stable`) are cash: they have no delta, no concentration and nothing to hedge.
 */
import type { AssetMeta, Snapshot } from '../model';
import type { KpiContext } from './context';
import { inWindow, need, NO_BLOCKS, NO_STATE, stateAt, type KpiResult } from './result';
import { navUsd, spotUnits } from './valuation';

/**
 * Net exposure in an asset's units (framework revision 2, section 2): long − short = wallets + supplied
 * + the hedge venue's balance of it (its margin, for the margin currency) − borrowed + the perp
 * (negative when short).
 */
export function netUnits(s: Snapshot, asset: string): number {
  const h = s.holdings[asset];
  return h ? spotUnits(s, asset) + h.venue + h.perp : 0;
}

/** The assets that can carry a delta: stablecoins are cash (an asset marked `stable: false` counts). */
function nonStable(ctx: KpiContext): AssetMeta[] {
  return ctx.data.assets.filter((a) => !a.stable);
}

/** What hedge coverage measures an asset's exposure from, as the note on the number says it. */
function hedgedAboveText(asset: AssetMeta): string {
  return asset.neutralUnits === undefined
    ? `${asset.symbol}: no neutral level, all holdings to hedge`
    : `${asset.symbol}: exposure above its neutral level of ${asset.neutralUnits} units`;
}

/** The neutral level in force for an asset, as the note on the number says it. */
function neutralText(asset: AssetMeta): string {
  return asset.neutralUnits === undefined
    ? `${asset.symbol}: no neutral level, net ÷ (wallets + supplied)`
    : `${asset.symbol}: neutral level ${asset.neutralUnits} units`;
}

/**
 * With a neutral level N: (net − N) ÷ N × 100; without one: net ÷ (wallets + supplied) × 100, so an
 * unhedged long reads 100 % and a fully hedged one 0 %. No value where the divisor is 0.
 */
export function netDeltaOf(s: Snapshot, asset: AssetMeta): number | null {
  const h = s.holdings[asset.symbol];
  if (!h) {
    return null;
  }
  const net = netUnits(s, asset.symbol);
  const neutral = asset.neutralUnits;
  if (neutral !== undefined) {
    return neutral === 0 ? null : ((net - neutral) / neutral) * 100;
  }
  const held = h.wallets + h.supplied;
  return held === 0 ? null : (net / held) * 100;
}

export function netDelta(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const assets = nonStable(ctx);
  if (assets.length === 0) {
    return { value: null, note: 'no non-stable asset configured: stablecoins have no delta' };
  }
  const breakdown: Record<string, number> = {};
  const parts: Record<string, number> = {};
  for (const asset of assets) {
    parts[`${asset.symbol}.netUnits`] = netUnits(s, asset.symbol);
    if (asset.neutralUnits !== undefined) {
      parts[`${asset.symbol}.neutralUnits`] = asset.neutralUnits;
    }
    const delta = netDeltaOf(s, asset);
    if (delta !== null) {
      breakdown[asset.symbol] = delta;
    }
  }
  return { value: ctx.worst(breakdown), breakdown, parts, note: assets.map(neutralText).join('; ') };
}

/**
 * The largest non-stable net exposure value, |net units × price|, ÷ NAV × 100. The breakdown is every
 * asset's signed share of NAV, stablecoins included for information (they are cash, not concentration).
 */
export function concentration(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const nav = navUsd(s);
  // A share of a NAV that is nothing, or a debt, says nothing about concentration.
  if (nav <= 0) {
    return { value: null, parts: { navUsd: nav }, note: `NAV is ${nav} USD: no share to take` };
  }
  const breakdown: Record<string, number> = {};
  for (const asset of ctx.data.assets) {
    breakdown[asset.symbol] = ((netUnits(s, asset.symbol) * (s.prices[asset.symbol] ?? 0)) / nav) * 100;
  }
  const counted = nonStable(ctx).map((a) => Math.abs(breakdown[a.symbol]));
  if (counted.length === 0) {
    return { value: null, breakdown, parts: { navUsd: nav }, note: 'no non-stable asset configured' };
  }
  return { value: Math.max(...counted), breakdown, parts: { navUsd: nav } };
}

/**
 * Σ value of the perps offsetting each non-stable asset's exposure ÷ Σ value of that exposure × 100,
 * where exposure = on-chain holdings (wallets + supplied − borrowed) − the neutral level (0 where none
 * is set). A perp offsets from the other side; one on the same side offsets nothing. Uncapped:
 * over-hedging reads above 100 % (the band is two-sided).
 */
export function hedgeCoverage(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const assets = nonStable(ctx);
  let exposedUsd = 0;
  let offsetUsd = 0;
  const parts: Record<string, number> = {};
  for (const asset of assets) {
    const price = s.prices[asset.symbol] ?? 0;
    const exposure = spotUnits(s, asset.symbol) - (asset.neutralUnits ?? 0);
    const perp = s.holdings[asset.symbol]?.perp ?? 0;
    exposedUsd += Math.abs(exposure) * price;
    offsetUsd += Math.max(0, -Math.sign(exposure) * perp) * price;
    parts[`${asset.symbol}.exposureUnits`] = exposure;
    parts[`${asset.symbol}.perpUnits`] = perp;
  }
  const note = assets.map(hedgedAboveText).join('; ');
  if (exposedUsd === 0) {
    return {
      value: null,
      parts: { ...parts, exposedUsd, offsetUsd },
      note: `nothing to hedge: ${note || 'no non-stable asset'}`,
    };
  }
  return { value: (offsetUsd / exposedUsd) * 100, parts: { ...parts, exposedUsd, offsetUsd }, note };
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
