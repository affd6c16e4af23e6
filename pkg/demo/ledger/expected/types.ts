/**
 * Shapes of the expected KPI values computed from the ledger: the range a query covers, what one KPI's
 * expectation looks like, and the KPI-config a computation follows (the demo's is in config.ts).
 */
import type { TxKind } from '../record';
import type { Asset } from '../../sim/scenario';

/** A query's time range, Unix milliseconds; events count when fromMs ≤ time < toMs. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

// The catalogue's ids (names, not computations: the ledger still computes every value on its own).
import { KPI_IDS, type KpiId } from '../../../../src/core/catalogue/types';

export { KPI_IDS, type KpiId };

export interface ExpectedValue {
  /** null where the KPI is undefined over the range (no events, no block, a zero denominator): never 0 then. */
  value: number | null;
  /** Per asset, venue or node, as the catalogue's `breakdown` says. */
  breakdown?: Record<string, number>;
  /** total_pnl only: least-squares slope of the cumulative PnL, USD per day (what its state judges). */
  trend?: number | null;
  /** Side figures (components, p50/p95, counts) so a mismatch in the world test can be located. */
  parts?: Record<string, number>;
  note?: string;
}

/** A KPI the ledger cannot know: it is measured against live endpoints when the query runs. */
export interface MeasuredAtQueryTime {
  measuredAtQueryTime: true;
  note: string;
}

export type ExpectedKpi = ExpectedValue | MeasuredAtQueryTime;
export type ExpectedKpis = Record<KpiId, ExpectedKpi>;

export type Wallet = 'maker' | 'treasury';

export interface AaveReserveModel {
  /** Liquidity the deployer supplied before the month, in whole tokens (the ledger does not record it). */
  seed: number;
  variableSlope1Bps: number;
  optimalUsageBps: number;
}

/** Every choice the expected values depend on; see DEMO_KPI_CONFIG for the demo's and why. */
export interface KpiConfig {
  openingBalances: Record<Wallet, Record<Asset, number>>;
  walletTxKinds: readonly TxKind[];
  ethPriceAsset: Asset;
  stablecoins: readonly Asset[];
  hedgedAssets: readonly Asset[];
  netDeltaAssets: readonly Asset[];
  neutralUnits: Partial<Record<Asset, number>>;
  inventoryTargetsUsd: Record<Asset, number>;
  hedgeMarginAsset: Asset;
  varWindowDays: number;
  varConfidence: number;
  gasVolatilityWindowMs: number;
  aave: {
    liquidationThresholdBps: Record<Asset, number>;
    reserves: Partial<Record<Asset, AaveReserveModel>>;
  };
  comet: {
    baseAsset: Asset;
    /** Yearly borrow rate scaled 1e18, as the market's constructor receives it. */
    borrowAprWad: bigint;
    liquidateCollateralFactor: Partial<Record<Asset, number>>;
  };
}
