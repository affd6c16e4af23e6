/**
 * The one valuation every KPI shares (framework revision 2). NAV is everything in the portfolio less
 * its debt, in four lines:
 * - tokens: the wallets' tokens (the flash-loan receiver's included) + supplied − borrowed, each at its
 *   price (borrowed cash sits in the wallets, so counting it without its debt would overstate NAV);
 * - ETH (gas): the wallets' native ETH at the ETH/USD feed (the price of the asset priced as ETH);
 * - the hedge venue's equity: its balances at their prices plus the positions' unrealized PnL.
 * An asset's spot position is wallets + supplied − borrowed; its inventory adds the balance at the
 * hedge venue (perps are hedges, not inventory; native ETH is the gas float, not WETH inventory).
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

/** The ETH/USD price at the snapshot's block. */
export function ethPrice(s: Snapshot): number {
  return s.prices[s.ethAsset] ?? 0;
}

/** NAV's "ETH (gas)" line: the wallets' native ETH at the ETH/USD price. */
export function nativeEthUsd(s: Snapshot): number {
  return s.nativeEth * ethPrice(s);
}

/** Wallet tokens + supplied − borrowed, at their prices (native ETH not included). */
export function tokensUsd(s: Snapshot): number {
  let usd = 0;
  for (const asset of Object.keys(s.holdings)) {
    usd += spotUnits(s, asset) * (s.prices[asset] ?? 0);
  }
  return usd;
}

/** What is held on chain: wallet tokens and native ETH + supplied − borrowed. */
export function onchainUsd(s: Snapshot): number {
  return tokensUsd(s) + nativeEthUsd(s);
}

/** The hedge venue account's equity: balances at their prices plus unrealized PnL. */
export function venueUsd(s: Snapshot): number {
  let usd = s.hedgeUnrealizedPnlUsd;
  for (const [asset, h] of Object.entries(s.holdings)) {
    usd += h.venue * (s.prices[asset] ?? 0);
  }
  return usd;
}

/** NAV by its lines, as shown where NAV is broken down. */
export function navLines(s: Snapshot): { tokensUsd: number; ethGasUsd: number; hedgeVenueUsd: number } {
  return { tokensUsd: tokensUsd(s), ethGasUsd: nativeEthUsd(s), hedgeVenueUsd: venueUsd(s) };
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
