/**
 * What a block's holdings are worth, at that block's feed prices (8 decimals, as posted). One reading of
 * every position, shared by all the state KPIs:
 * - spot units of an asset = wallets + supplied (Aave, Comet collateral) − borrowed (Aave, Comet);
 * - the hedge venue holds its margin as USDC and perps per volatile asset, plus their unrealized PnL in USD;
 * - NAV = Σ (spot + venue balance) × price + unrealized PnL.
 */
import { ASSETS, type Asset } from '../../sim/scenario';
import type { BlockHoldings } from './holdings';
import type { KpiConfig } from './types';
import { toAmount } from './units';

export function walletUnits(h: BlockHoldings, asset: Asset): number {
  return toAmount(h.wallets.maker[asset] + h.wallets.treasury[asset], asset);
}

export function suppliedUnits(h: BlockHoldings, asset: Asset): number {
  return toAmount(h.aaveSupplied[asset] + h.cometCollateral[asset], asset);
}

export function borrowedUnits(h: BlockHoldings, asset: Asset): number {
  return toAmount(h.aaveDebt[asset] + h.cometBorrow[asset], asset);
}

/** On-chain net position: wallets + supplied − borrowed. */
export function spotUnits(h: BlockHoldings, asset: Asset): number {
  return walletUnits(h, asset) + suppliedUnits(h, asset) - borrowedUnits(h, asset);
}

export function venueBalanceUnits(h: BlockHoldings, asset: Asset, config: KpiConfig): number {
  return asset === config.hedgeMarginAsset ? h.hedge.margin : 0;
}

/** The asset's inventory value: wallets + supplied + venue balances − borrowed (perps are hedges, not inventory). */
export function inventoryValue(h: BlockHoldings, asset: Asset, config: KpiConfig): number {
  return (spotUnits(h, asset) + venueBalanceUnits(h, asset, config)) * h.prices[asset];
}

export function onchainValue(h: BlockHoldings): number {
  return ASSETS.reduce((total, asset) => total + spotUnits(h, asset) * h.prices[asset], 0);
}

/** The hedge venue account's equity: its balance at the feed price plus unrealized PnL. */
export function hedgeVenueValue(h: BlockHoldings, config: KpiConfig): number {
  return h.hedge.margin * h.prices[config.hedgeMarginAsset] + h.hedge.unrealizedPnl;
}

export function nav(h: BlockHoldings, config: KpiConfig): number {
  return onchainValue(h) + hedgeVenueValue(h, config);
}
