/**
 * Section 2 of the framework (position management), at the state block (the last at or before toMs),
 * except max drawdown, which runs over the NAV of the blocks in the range.
 */
import { ASSETS, type Asset } from '../../sim/scenario';
import { worstOf } from './headline';
import type { BlockHoldings } from './holdings';
import type { LedgerView } from './ledgerView';
import { blockAtOrBefore, blocksInRange } from './range';
import { borrowedUnits, inventoryValue, nav, spotUnits, suppliedUnits, walletUnits } from './valuation';
import type { ExpectedValue, TimeRange } from './types';

const NO_BLOCK: ExpectedValue = { value: null, note: 'no simulated block at or before the range end' };

export function stateHoldings(view: LedgerView, range: TimeRange): BlockHoldings | undefined {
  const position = blockAtOrBefore(view.record, range.toMs);
  return position === undefined ? undefined : view.holdings[position];
}

/**
 * (long − short − neutral) ÷ neutral × 100, long − short counting the perps; without a configured
 * neutral level, neutral is 0 and the divisor is the gross holdings (long + short), so an unhedged long
 * reads 100 % and a fully hedged one 0 %.
 */
export function netDeltaOf(h: BlockHoldings, asset: Asset, neutral: number | undefined): number | null {
  const perp = h.hedge.perps[asset];
  const net = spotUnits(h, asset) + perp;
  if (neutral !== undefined) {
    return neutral === 0 ? null : ((net - neutral) / neutral) * 100;
  }
  const gross = walletUnits(h, asset) + suppliedUnits(h, asset) + borrowedUnits(h, asset) + Math.abs(perp);
  return gross === 0 ? null : (net / gross) * 100;
}

export function netDelta(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const breakdown: Record<string, number> = {};
  for (const asset of view.config.netDeltaAssets) {
    const delta = netDeltaOf(h, asset, view.config.neutralUnits[asset]);
    if (delta !== null) {
      breakdown[asset] = delta;
    }
  }
  return { value: worstOf('net_delta', breakdown), breakdown };
}

/**
 * Largest exposure group ÷ NAV × 100. A group's exposure is its inventory value (wallets + supplied +
 * venue balances − borrowed); the stablecoins form one group, which also takes the hedge's unrealized
 * PnL (USD), so the groups add up to NAV. Perps are hedges, judged by hedge_coverage, not exposure here.
 */
export function concentration(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const { config } = view;
  const groups: Record<string, number> = { stablecoins: h.hedge.unrealizedPnl };
  for (const asset of ASSETS) {
    const group = config.stablecoins.includes(asset) ? 'stablecoins' : asset;
    groups[group] = (groups[group] ?? 0) + inventoryValue(h, asset, config);
  }
  const total = nav(h, config);
  const largest = Math.max(...Object.values(groups).map(Math.abs));
  return { value: total === 0 ? null : (largest / total) * 100, parts: { ...groups, nav: total } };
}

/**
 * Σ hedge offsetting each volatile asset's exposure ÷ Σ |exposure|, in USD at the block. Exposure =
 * spot units − neutral level; a perp offsets it when it is on the other side (no cap: over-hedging shows
 * above 100 %), and counts nothing when on the same side.
 */
export function hedgeCoverage(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  let exposed = 0;
  let offset = 0;
  const parts: Record<string, number> = {};
  for (const asset of view.config.hedgedAssets) {
    const exposure = spotUnits(h, asset) - (view.config.neutralUnits[asset] ?? 0);
    const perp = h.hedge.perps[asset];
    const offsetting = Math.max(0, -Math.sign(exposure) * perp);
    exposed += Math.abs(exposure) * h.prices[asset];
    offset += offsetting * h.prices[asset];
    parts[`${asset}.exposureUnits`] = exposure;
    parts[`${asset}.perpUnits`] = perp;
  }
  return {
    value: exposed === 0 ? null : (offset / exposed) * 100,
    parts: { ...parts, exposedUsd: exposed, offsetUsd: offset },
  };
}

/** Largest (running peak − later NAV) ÷ running peak over the blocks in the range. */
export function maxDrawdown(view: LedgerView, range: TimeRange): ExpectedValue {
  const navs = blocksInRange(view.record, range).map((i) => nav(view.holdings[i], view.config));
  if (navs.length === 0) {
    return { value: null, note: 'no simulated block in the range' };
  }
  let peak = navs[0];
  let worst = 0;
  for (const value of navs) {
    peak = Math.max(peak, value);
    worst = Math.max(worst, (peak - value) / peak);
  }
  return { value: worst * 100, parts: { blocks: navs.length, highestNav: peak } };
}
