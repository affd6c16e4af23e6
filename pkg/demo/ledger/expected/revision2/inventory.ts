/** Section 3 of revision 2 (inventory management). */
import { ASSETS } from '../../../sim/scenario';
import { worstOf } from '../headline';
import { blocksInRange, inRange, rangeDays } from '../range';
import { percentOf, sum } from '../stats';
import type { ExpectedValue, TimeRange } from '../types';
import { hedgeEquity, navOf, onchainUnits, onchainValue } from './portfolio';
import { stateAt } from './position';
import type { Revision2View } from './view';

const NO_BLOCK: ExpectedValue = { value: null, note: 'no simulated block at or before the range end' };
const NO_BLOCK_IN_RANGE: ExpectedValue = { value: null, note: 'no simulated block in the range' };

/** (wallets incl. native ETH + supplied − borrowed) ÷ NAV × 100. */
export function onchainInventory(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  const onchain = onchainValue(s, view.config.base.ethPriceAsset);
  const nav = navOf(s, view.config);
  return { value: percentOf(onchain, nav), parts: { onchainUsd: onchain, navUsd: nav } };
}

/** Hedge account equity ÷ NAV × 100. */
export function hedgedInventory(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  const venue = hedgeEquity(s, view.config.base.hedgeMarginAsset);
  const nav = navOf(s, view.config);
  return { value: percentOf(venue, nav), parts: { hedgeVenueUsd: venue, navUsd: nav } };
}

/**
 * NAV averaged over time: each state's NAV holds from its time until the next state's (the opening
 * state's from the last set-up block), over the part of the range from the first known state on.
 * Undefined where no state is known in the range.
 */
export function timeWeightedNav(
  view: Revision2View,
  range: TimeRange
): { meanUsd: number; coveredMs: number } | undefined {
  const states = [view.portfolio.opening, ...view.portfolio.blocks];
  let weighted = 0;
  let covered = 0;
  states.forEach((state, i) => {
    const from = Math.max(range.fromMs, state.timestamp * 1000);
    const next = states[i + 1];
    const to = Math.min(range.toMs, next ? next.timestamp * 1000 : Infinity);
    if (to > from) {
      weighted += navOf(state, view.config) * (to - from);
      covered += to - from;
    }
  });
  return covered === 0 ? undefined : { meanUsd: weighted / covered, coveredMs: covered };
}

/** Fill volume (USD at the fill block's prices) ÷ time-weighted mean NAV ÷ the range's days. */
export function inventoryTurnover(view: Revision2View, range: TimeRange): ExpectedValue {
  const mean = timeWeightedNav(view, range);
  if (!mean || mean.meanUsd <= 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const volume = sum(view.base.fills.filter((f) => inRange(f.timestampMs, range)).map((f) => f.volumeUsd));
  const days = rangeDays(range);
  return { value: volume / mean.meanUsd / days, parts: { volumeUsd: volume, meanNavUsd: mean.meanUsd, days } };
}

/**
 * Transfers between two parts of the portfolio per day: wallet ↔ wallet (rebalances), wallet ↔ lending
 * market (supply, borrow, repay: one transfer each) and wallet → hedge venue deposit address. Flash
 * loans are not counted (their transfers return within the transaction: flash-loan exposure judges them).
 */
export function rebalancingCount(view: Revision2View, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const of = (pick: (i: number) => number) => sum(blocks.map(pick));
  const wallets = of((i) => view.record.blocks[i].rebalances.length);
  const lending = of((i) => view.record.blocks[i].lending.length);
  const venue = of((i) => view.record.blocks[i].venueDeposits.length);
  const days = rangeDays(range);
  return { value: (wallets + lending + venue) / days, parts: { wallets, lending, venue, days } };
}

/**
 * Per asset: (wallets + supplied + venue balance − borrowed) × price ÷ the target value × 100. Perps are
 * hedges, not inventory; native ETH is the gas float, its own NAV line.
 */
export function inventoryLevel(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return NO_BLOCK;
  }
  const breakdown: Record<string, number> = {};
  for (const asset of ASSETS) {
    const target = view.config.base.inventoryTargetsUsd[asset];
    const venue = s.hedge && asset === view.config.base.hedgeMarginAsset ? s.hedge.margin : 0;
    if (target > 0) {
      breakdown[asset] = (((onchainUnits(s, asset) + venue) * s.prices[asset]) / target) * 100;
    }
  }
  return { value: worstOf('inventory_level', breakdown), breakdown };
}
