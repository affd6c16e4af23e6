/**
 * What the engine has read for one query, in the shapes the KPI formulas take: the market maker's
 * holdings at chosen blocks, and what happened between them. Gathering fills it from the sources;
 * the formulas in kpis/ read it and nothing else, so they are pure and testable by hand.
 */
import type { PmmError } from '../../src/core/errors';
import type { EndpointProbe, NodeProbe } from './sources/probes';

/** A query's time window, Unix milliseconds: events count when fromMs ≤ time < toMs. */
export interface Window {
  fromMs: number;
  toMs: number;
}

export interface AssetMeta {
  symbol: string;
  stable: boolean;
  /** Neutral net holding in units: net delta and hedge coverage are measured against it. */
  neutralUnits?: number;
  /** Target inventory value in USD: inventory level is measured against it. */
  targetUsd?: number;
}

/** One asset's holdings at a block, in whole-token units. */
export interface AssetHoldings {
  wallets: number;
  /** Aave aTokens + Comet collateral (and base supplied). */
  supplied: number;
  /** Aave variable + stable debt + Comet borrow. */
  borrowed: number;
  /** Balance held at the hedge venue (its margin currency). */
  venue: number;
  /** Perp size at the hedge venue (negative = short). */
  perp: number;
}

/** A lending venue's position, for the liquidation buffer. */
export interface LendingPosition {
  venue: string;
  /** Σ collateral × price × liquidation threshold (Aave) or liquidateCollateralFactor (Comet), USD. */
  weightedCollateralUsd: number;
  debtUsd: number;
}

export interface Snapshot {
  blockNumber: bigint;
  timeMs: number;
  /** USD per whole token, by symbol: the feed's answer, or CoinGecko's by revision 2's rule (gather/priceRule.ts). */
  prices: Record<string, number>;
  holdings: Record<string, AssetHoldings>;
  hedgeUnrealizedPnlUsd: number;
  lending: LendingPosition[];
  /** Debt in units by `venue:asset`, so interest can be told apart from principal (see DebtFlow). */
  debtUnits: Record<string, number>;
  /** Native ETH of the wallets (their gas float), in ETH: NAV's "ETH (gas)" line. */
  nativeEth: number;
  /** The asset whose price values native ETH (the one priced as ETH: WETH's ETH/USD feed). */
  ethAsset: string;
  /** Mark price of each hedge venue position, by asset (hedge PnL per asset: size × mark change). */
  hedgeMarks: Record<string, number>;
}

/** Principal borrowed (+) or repaid (−) by the wallets, in units, keyed like Snapshot.debtUnits. */
/**
 * A move between two parts of the portfolio, one ERC-20 transfer (framework revision 2, rebalancing
 * frequency): wallet to wallet, wallet to or from a lending market, or wallet to the hedge venue.
 */
export interface Rebalance {
  timeMs: number;
  kind: 'wallets' | 'lending' | 'venue';
}

export interface DebtFlow {
  timeMs: number;
  key: string;
  asset: string;
  units: number;
}

export interface Rfq {
  id: string;
  base: string;
  quote: string;
  receivedAtMs: number;
  quotedAtMs: number | null;
  error: string | null;
  price: number | null;
  accepted: boolean;
  /** Its order was filled on chain (matched by order hash). */
  filled: boolean;
}

/** A fill of the maker's quote, valued at its block's prices (sources' ChainFill is the raw log). */
export interface Fill {
  timeMs: number;
  base: string;
  quote: string;
  baseUnits: number;
  volumeUsd: number;
  /** What the maker received minus what it gave, at the fill block's feed prices. */
  spreadUsd: number;
  quotedAtMs: number | null;
}

/** A settlement transaction: a fill sent for a quote, or a transaction the wallets sent. */
export interface Settlement {
  timeMs: number;
  ok: boolean;
}

export interface WalletTx {
  timeMs: number;
  gasUsd: number;
  /** The asset the transaction moved (token PnL attributes its gas there). */
  asset: string;
}

export interface FlashLoan {
  timeMs: number;
  asset: string;
  amountUsd: number;
  premiumUsd: number;
}

/** A USD entry of the PnL: revenue positive, expenses negative. */
export type PnlKind =
  'spread' | 'interestEarned' | 'gas' | 'borrowInterest' | 'flashLoanPremium' | 'hedgeFee' | 'hedgeFunding';
export const REVENUE_KINDS: readonly PnlKind[] = ['spread', 'interestEarned'];

export interface PnlEntry {
  timeMs: number;
  kind: PnlKind;
  asset: string;
  usd: number;
}

/**
 * Value crossing the portfolio's edge other than by trading, venue operations, fees, interest or gas:
 * a transfer between a wallet and an outside address (capital in, profit out). Positive = in.
 */
export interface ExternalFlow {
  timeMs: number;
  asset: string;
  units: number;
  /** At the block's price. */
  usd: number;
}

/** A wallet's transfer to the hedge venue's deposit address: inside the portfolio, not a flow. */
export interface VenueDeposit {
  timeMs: number;
  asset: string;
  units: number;
  /** At the block's price. */
  usd: number;
}

/**
 * The base fee of consecutive blocks, in columns, by ascending time. A 30-day window's volatility
 * looks back 31 days: ~223,000 blocks on mainnet, ~20 MB as one object per block (the backend's
 * peak RSS at mainnet density, bench), 3.4 MB as two Float64Arrays.
 */
export interface BaseFees {
  timeMs: Float64Array;
  wei: Float64Array;
}

/** Base fees given one per block, in columns by ascending time (an empty dataset's, and tests'). */
export function baseFeeColumns(points: ReadonlyArray<{ timeMs: number; wei: number }>): BaseFees {
  const sorted = [...points].sort((a, b) => a.timeMs - b.timeMs);
  return {
    timeMs: Float64Array.from(sorted, (point) => point.timeMs),
    wei: Float64Array.from(sorted, (point) => point.wei),
  };
}

/** Measured when the query runs (sources/probes). */
export type { EndpointProbe, NodeProbe };

/** The RFQ probe's synthetic RFQ, sent and timed when the query runs. */
export interface RfqProbeReading {
  /** null: no quote came back (an error status, a timeout, a malformed answer), said by `error`. */
  roundTripMs: number | null;
  /** What a probe that got no quote counts as (it waited that long at most). */
  timeoutMs: number;
  error?: string;
}

/**
 * The prices at a block (as Snapshot.prices): VaR looks its daily returns up in these (the last at or before a time).
 * Every asset's price at one time; CoinGecko's MarketChartPoint is one asset's price at one time.
 */
export interface PricePoint {
  timeMs: number;
  prices: Record<string, number>;
}

/** Why a price is flagged (gather/priceRule.ts has the rule). */
export type PriceProblem =
  | { kind: 'stale'; ageSec: number; heartbeatSec: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'deviating'; feedPrice: number; coingeckoPrice: number; deviation: number; maxDeviation: number }
  /** CoinGecko is configured for the asset but could not be read: no cross-check, no fallback. */
  | { kind: 'unchecked'; reason: string };

/** A price that is not a fresh feed answer in line with CoinGecko: a warning on every KPI it values. */
export interface PriceFlag {
  symbol: string;
  blockNumber: bigint;
  timeMs: number;
  /** Where the price at this block comes from: the feed's answer, or CoinGecko's in its place. */
  valuedAt: 'feed' | 'coingecko';
  problem: PriceProblem;
}

/** Everything a query read; a part whose source failed holds the failure instead. */
export interface Dataset {
  window: Window;
  assets: AssetMeta[];
  /** Ascending by time: every state block the range needs, including the one before it starts. */
  snapshots: Snapshot[] | PmmError;
  rfqs: Rfq[] | PmmError;
  fills: Fill[] | PmmError;
  settlements: Settlement[] | PmmError;
  walletTxs: WalletTx[] | PmmError;
  flashLoans: FlashLoan[] | PmmError;
  debtFlows: DebtFlow[] | PmmError;
  rebalances: Rebalance[] | PmmError;
  /** Hedge fees and funding, already in PnL entries. */
  hedgePnl: PnlEntry[] | PmmError;
  baseFees: BaseFees | PmmError;
  /** Ascending by time, reaching back N days before the range (to the chain's start at most). */
  priceHistory: PricePoint[] | PmmError;
  /** Capital in (+) and out (−) across the portfolio's edge, in time order. */
  externalFlows: ExternalFlow[] | PmmError;
  /** The wallets' transfers to the hedge venue's deposit address, in time order. */
  venueDeposits: VenueDeposit[] | PmmError;
  nodes: NodeProbe[] | PmmError;
  endpoints: EndpointProbe[] | PmmError;
  /** Every flagged price the parts above were valued at, whichever part read it (none when absent). */
  priceFlags?: PriceFlag[];
  /** null when no RFQ probe is configured, or the range does not end now. */
  rfqProbe: RfqProbeReading | null | PmmError;
  /**
   * The range ends now (time/rangeEndsNow.ts): the parts measured at query time (nodes, endpoints,
   * rfqProbe) were measured. Otherwise they were not, and the KPIs that are such a measurement have
   * no value for the range (no history).
   */
  measuredNow: boolean;
  /** VaR settings: the look-back in days, the confidence, and the fewest daily returns VaR is computed from. */
  var: { windowDays: number; confidence: number; minReturns: number };
  gasWindowMs: number;
}
