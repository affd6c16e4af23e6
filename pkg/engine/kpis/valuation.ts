/**
 * One reading of a snapshot's holdings, shared by every state KPI: an asset's spot position is
 * wallets + supplied − borrowed; its inventory adds the balance at the hedge venue (perps are hedges,
 * not inventory); NAV is Σ inventory × price plus the hedge positions' unrealized PnL.
 */
import type { Snapshot } from '../model';

export function spotUnits(s: Snapshot, asset: string): number {
  const h = s.holdings[asset];
  return h ? h.wallets + h.supplied - h.borrowed : 0;
}

export function inventoryUsd(s: Snapshot, asset: string): number {
  const h = s.holdings[asset];
  return h ? (spotUnits(s, asset) + h.venue) * (s.prices[asset] ?? 0) : 0;
}

export function onchainUsd(s: Snapshot): number {
  let usd = 0;
  for (const asset of Object.keys(s.holdings)) {
    usd += spotUnits(s, asset) * (s.prices[asset] ?? 0);
  }
  return usd;
}

/** The hedge venue account's equity: balances at the feed price plus unrealized PnL. */
export function venueUsd(s: Snapshot): number {
  let usd = s.hedgeUnrealizedPnlUsd;
  for (const [asset, h] of Object.entries(s.holdings)) {
    usd += h.venue * (s.prices[asset] ?? 0);
  }
  return usd;
}

const navs = new WeakMap<Snapshot, number>();

/** Kept per snapshot: drawdown and turnover series read every block's NAV at every point. */
export function navUsd(s: Snapshot): number {
  let nav = navs.get(s);
  if (nav === undefined) {
    nav = onchainUsd(s) + venueUsd(s);
    navs.set(s, nav);
  }
  return nav;
}
