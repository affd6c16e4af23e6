/**
 * Section 2 of revision 2 (position management) at the state block (the last at or before the range's
 * end), and max drawdown over the range's blocks.
 */
import { ASSETS, type Asset } from '../../../sim/scenario';
import { worstOf } from '../headline';
import { blockAtOrBefore, blocksInRange } from '../range';
import type { ExpectedValue, TimeRange } from '../types';
import { navOf, netExposureUnits, onchainUnits, type PortfolioState } from './portfolio';
import type { Revision2View } from './view';

const NO_BLOCK: ExpectedValue = { value: null, note: 'no simulated block at or before the range end' };

export function stateAt(view: Revision2View, range: TimeRange): PortfolioState | undefined {
  const position = blockAtOrBefore(view.record, range.toMs);
  return position === undefined ? undefined : view.portfolio.blocks[position];
}

function nonStable(view: Revision2View): Asset[] {
  return ASSETS.filter((a) => !view.config.base.stablecoins.includes(a));
}

/**
 * Per non-stable asset: with a neutral level N in force, (net − N) ÷ N × 100; without one, net ÷
 * (wallets + supplied) × 100. net = long − short (wallets + supplied + hedge longs − borrowed − hedge
 * shorts). The neutral level in force is given in the parts.
 */
export function netDelta(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  const breakdown: Record<string, number> = {};
  const parts: Record<string, number> = {};
  for (const asset of nonStable(view)) {
    const net = netExposureUnits(s, asset, view.config);
    const neutral = view.config.base.neutralUnits[asset];
    parts[`${asset}.netUnits`] = net;
    if (neutral !== undefined) {
      parts[`${asset}.neutralUnits`] = neutral;
      if (neutral !== 0) {
        breakdown[asset] = ((net - neutral) / neutral) * 100;
      }
    } else {
      const held = s.wallets[asset] + s.supplied[asset];
      if (held !== 0) {
        breakdown[asset] = (net / held) * 100;
      }
    }
  }
  return { value: worstOf('net_delta', breakdown), breakdown, parts };
}

/**
 * The largest non-stable net exposure value (|net units × price|) ÷ NAV × 100; the breakdown is every
 * asset's signed share of NAV, stablecoins included (for information: they are cash, not concentration).
 */
export function concentration(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  const nav = navOf(s, view.config);
  if (nav === 0) {
    return { value: null, note: 'NAV is zero' };
  }
  const breakdown = Object.fromEntries(
    ASSETS.map((a) => [a, ((netExposureUnits(s, a, view.config) * s.prices[a]) / nav) * 100])
  );
  const value = Math.max(...nonStable(view).map((a) => Math.abs(breakdown[a])));
  return { value, breakdown, parts: { navUsd: nav } };
}

/**
 * Σ value of the hedges offsetting each non-stable asset's exposure ÷ Σ value of that exposure × 100.
 * Exposure to hedge = on-chain holdings (wallets + supplied − borrowed) − the neutral level (0 where none
 * is set); a perp offsets it from the other side (a perp on the same side offsets nothing). Uncapped:
 * over-hedging reads above 100 % (the band is two-sided, 95–105 %).
 */
export function hedgeCoverage(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  let exposed = 0;
  let offset = 0;
  const parts: Record<string, number> = {};
  for (const asset of nonStable(view)) {
    const exposure = onchainUnits(s, asset) - (view.config.base.neutralUnits[asset] ?? 0);
    const perp = s.hedge?.perps[asset] ?? 0;
    exposed += Math.abs(exposure) * s.prices[asset];
    offset += Math.max(0, -Math.sign(exposure) * perp) * s.prices[asset];
    parts[`${asset}.exposureUnits`] = exposure;
    parts[`${asset}.perpUnits`] = perp;
  }
  return {
    value: exposed === 0 ? null : (offset / exposed) * 100,
    parts: { ...parts, exposedUsd: exposed, offsetUsd: offset },
  };
}

/**
 * Largest fall from a running peak of flow-adjusted NAV (NAV − external flows since the range start,
 * the first block's included) ÷ that peak × 100, over the range's blocks.
 */
export function maxDrawdown(view: Revision2View, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return { value: null, note: 'no simulated block in the range' };
  }
  let flows = 0;
  let peak = -Infinity;
  let worst = 0;
  for (const i of blocks) {
    flows += view.pnl[i].externalFlowsUsd;
    const adjusted = navOf(view.portfolio.blocks[i], view.config) - flows;
    peak = Math.max(peak, adjusted);
    worst = Math.max(worst, (peak - adjusted) / peak);
  }
  return { value: worst * 100, parts: { blocks: blocks.length, highestAdjustedNav: peak, flowsUsd: flows } };
}
