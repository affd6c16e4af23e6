/**
 * Section 3 of the framework (inventory management). "Inventory value" is one figure throughout: NAV,
 * split into its on-chain part (wallets + supplied − borrowed: the borrowed cash sits in the wallets,
 * so counting it without its debt would overstate what the maker owns on-chain) and its hedge-venue
 * part (the account's equity). The two shares add up to 100 %.
 */
import { ASSETS } from '../../sim/scenario';
import { worstOf } from './headline';
import type { LedgerView } from './ledgerView';
import { stateHoldings } from './positionKpis';
import { blocksInRange, inRange, rangeDays } from './range';
import { mean, percentOf, sum } from './stats';
import { hedgeVenueValue, inventoryValue, nav, onchainValue } from './valuation';
import type { ExpectedValue, TimeRange } from './types';

const NO_BLOCK: ExpectedValue = { value: null, note: 'no simulated block at or before the range end' };
const NO_BLOCK_IN_RANGE: ExpectedValue = { value: null, note: 'no simulated block in the range' };

export function onchainInventory(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const onchain = onchainValue(h);
  const total = nav(h, view.config);
  return { value: percentOf(onchain, total), parts: { onchainUsd: onchain, navUsd: total } };
}

export function hedgedInventory(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const venue = hedgeVenueValue(h, view.config);
  const total = nav(h, view.config);
  return { value: percentOf(venue, total), parts: { hedgeVenueUsd: venue, navUsd: total } };
}

/**
 * Fill volume in the range ÷ mean NAV over the blocks in the range ÷ the range's length in days: the
 * mean daily turnover over the range.
 */
export function inventoryTurnover(view: LedgerView, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  const meanInventory = mean(blocks.map((i) => nav(view.holdings[i], view.config)));
  if (meanInventory === null || meanInventory <= 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const volume = sum(view.fills.filter((fill) => inRange(fill.timestampMs, range)).map((fill) => fill.volumeUsd));
  return {
    value: volume / meanInventory / rangeDays(range),
    parts: { volumeUsd: volume, meanInventoryUsd: meanInventory, days: rangeDays(range) },
  };
}

/**
 * Rebalancing events per day: the ledger's maker↔treasury transfers. Supplying to or borrowing from a
 * lending venue is lending, not rebalancing, and is not counted. Null when the range holds no block
 * (no data), 0 when it holds blocks but no rebalance.
 */
export function rebalancingCount(view: LedgerView, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const count = sum(blocks.map((i) => view.record.blocks[i].rebalances.length));
  return { value: count / rangeDays(range), parts: { count, days: rangeDays(range) } };
}

/** Per asset: inventory value (wallets + supplied + venue balances − borrowed) ÷ target level × 100. */
export function inventoryLevel(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const breakdown: Record<string, number> = {};
  for (const asset of ASSETS) {
    const target = view.config.inventoryTargetsUsd[asset];
    if (target > 0) {
      breakdown[asset] = (inventoryValue(h, asset, view.config) / target) * 100;
    }
  }
  return { value: worstOf('inventory_level', breakdown), breakdown };
}
