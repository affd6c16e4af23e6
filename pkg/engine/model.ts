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
  /** USD per whole token, by symbol. */
  prices: Record<string, number>;
  holdings: Record<string, AssetHoldings>;
  hedgeUnrealizedPnlUsd: number;
  lending: LendingPosition[];
  /** Debt in units by `venue:asset`, so interest can be told apart from principal (see DebtFlow). */
  debtUnits: Record<string, number>;
}

/** Principal borrowed (+) or repaid (−) by the wallets, in units, keyed like Snapshot.debtUnits. */
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

export interface BaseFee {
  timeMs: number;
  wei: number;
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
 * The feeds' prices at a block: VaR looks its daily returns up in these (the last at or before a time).
 * Every asset's price at one time; CoinGecko's MarketChartPoint is one asset's price at one time.
 */
export interface PricePoint {
  timeMs: number;
  prices: Record<string, number>;
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
  rebalances: number[] | PmmError;
  /** Hedge fees and funding, already in PnL entries. */
  hedgePnl: PnlEntry[] | PmmError;
  baseFees: BaseFee[] | PmmError;
  /** Ascending by time, reaching back N days before the range (to the chain's start at most). */
  priceHistory: PricePoint[] | PmmError;
  nodes: NodeProbe[] | PmmError;
  endpoints: EndpointProbe[] | PmmError;
  /** null when no RFQ probe is configured, or the range does not end now. */
  rfqProbe: RfqProbeReading | null | PmmError;
  /**
   * The range ends now (time/rangeEndsNow.ts): the parts measured at query time (nodes, endpoints,
   * rfqProbe) were measured. Otherwise they were not, and the KPIs that are such a measurement have
   * no value for the range (no history).
   */
  measuredNow: boolean;
  /** VaR settings. */
  var: { windowDays: number; confidence: number };
  gasWindowMs: number;
}
