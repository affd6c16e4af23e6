/**
 * The shapes of the KPI catalogue and the action plans, and the named lists they are keyed by (areas,
 * plans, sources, KPI ids, data inputs). The definitions live in kpis.ts and plans.ts; everything else
 * (engine, backend frames, panel, alert rules, docs) reads them through index.ts.
 */

export const AREAS = ['uptime', 'position', 'inventory', 'risk', 'performance'] as const;
export type Area = (typeof AREAS)[number];

export const STATES = ['ok', 'warning', 'critical'] as const;
export type State = (typeof STATES)[number];

export const PLAN_IDS = [
  'uptime-critical',
  'uptime-warning',
  'position-high-risk',
  'position-moderate',
  'inventory-low',
  'inventory-high',
  'risk-early-warning',
  'risk-active-reduction',
  'performance-recovery',
] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** Where a KPI's inputs come from; the engine's sources and the health check use the same ids. */
export const SOURCE_IDS = [
  'rpc',
  'chainlink',
  'aave-v3',
  'compound-v3',
  '1inch',
  'erc20',
  'quote-log',
  'rfq-probe',
  'hedge-venue',
  'coingecko',
  'dune',
] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/**
 * Every KPI of the catalogue, in the framework's order. Tables keyed by `KpiId` (the engine's
 * registry) are checked complete by the compiler; kpis.ts lists the definitions in this order.
 */
export const KPI_IDS = [
  'uptime',
  'quote_response_ms',
  'node_health',
  'settlement_success',
  'gas_price_impact',
  'quote_acceptance',
  'network_latency_ms',
  'execution_latency_ms',
  'net_delta',
  'concentration',
  'hedge_coverage',
  'max_drawdown',
  'onchain_inventory',
  'hedged_inventory',
  'inventory_turnover',
  'rebalancing_count',
  'inventory_level',
  'var_99_1d',
  'liquidation_buffer',
  'flashloan_exposure',
  'gas_risk_ratio',
  'total_pnl',
  'token_pnl',
  'revenue_efficiency',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/**
 * The data a KPI is computed from: the parts of the engine's dataset (pkg/engine/model.ts `Dataset`,
 * one name each; a compile-time check in pkg/engine/gather/needs.ts keeps the two lists equal).
 */
export const DATA_INPUT_IDS = [
  'snapshots',
  'rfqs',
  'fills',
  'settlements',
  'walletTxs',
  'flashLoans',
  'debtFlows',
  'rebalances',
  'hedgePnl',
  'baseFees',
  'priceHistory',
  'nodes',
  'endpoints',
  'externalFlows',
  'venueDeposits',
  'rfqProbe',
] as const;
export type DataInput = (typeof DATA_INPUT_IDS)[number];

export interface DataInputDefinition {
  /** What the part holds, as a person reads it. */
  label: string;
  /** The sources its values are read from (a failed one fails the part, and the KPIs reading it). */
  sources: readonly SourceId[];
}

/**
 * Prices: a Chainlink feed at the block, checked against its heartbeat and CoinGecko; CoinGecko's chart
 * for an asset without a feed, or in place of a stale or failing feed (pkg/engine/gather/priceRule.ts).
 * A KPI reading a part with these sources carries a warning for each flagged price it was valued at.
 */
const PRICED = ['chainlink', 'coingecko'] as const;

/**
 * Where each data input comes from, as gathering reads it (pkg/engine/gather/gather.ts). A KPI's
 * `sources` are the union of its inputs' sources (a catalogue test checks it).
 */
export const DATA_INPUTS: { readonly [Input in DataInput]: DataInputDefinition } = {
  snapshots: {
    label: 'holdings at each state block: wallet balances, Aave and Comet positions, hedge account, feed prices',
    sources: ['rpc', 'erc20', ...PRICED, 'aave-v3', 'compound-v3', 'hedge-venue'],
  },
  rfqs: { label: 'RFQs of the quote log', sources: ['quote-log'] },
  fills: {
    label: '1inch fills of the quote log’s orders, with their ERC-20 transfers, priced at their block',
    sources: ['1inch', 'quote-log', 'rpc', 'erc20', ...PRICED],
  },
  settlements: {
    label: 'receipts of the wallets’ transactions and of the accepted quotes’ settlements',
    sources: ['quote-log', 'rpc'],
  },
  walletTxs: {
    label: 'transactions the wallets sent, their gas priced at the ETH feed, attributed to the token moved',
    sources: ['rpc', 'erc20', ...PRICED],
  },
  flashLoans: {
    label: 'Aave flash loans taken by the wallets’ receivers, priced at their block',
    sources: ['aave-v3', 'rpc', ...PRICED],
  },
  debtFlows: { label: 'principal borrowed and repaid at Aave and Comet', sources: ['aave-v3', 'compound-v3', 'rpc'] },
  rebalances: {
    label:
      'ERC-20 transfers between two parts of the portfolio: wallet to wallet, wallet and lending market, wallet to the hedge venue',
    sources: ['rpc', 'erc20', 'aave-v3', 'compound-v3'],
  },
  hedgePnl: { label: 'hedge venue fees and funding', sources: ['hedge-venue', 'rpc'] },
  baseFees: { label: 'base fee of every block (eth_feeHistory)', sources: ['rpc'] },
  priceHistory: { label: 'feed prices at the state blocks and N days back (VaR)', sources: ['rpc', ...PRICED] },
  nodes: { label: 'head, sync state and round trip of every RPC node, now', sources: ['rpc'] },
  endpoints: {
    label: 'round trip to every node, the quote log, the hedge venue, CoinGecko, Dune and the RFQ probe, now',
    sources: ['rpc', 'quote-log', 'hedge-venue', 'coingecko', 'dune', 'rfq-probe'],
  },
  externalFlows: {
    label:
      'ERC-20 transfers between a wallet and an outside address that are not trades or venue operations (capital in, profit out), priced at their block',
    sources: ['rpc', 'erc20', 'aave-v3', 'compound-v3', ...PRICED],
  },
  venueDeposits: {
    label: 'ERC-20 transfers from a wallet to the hedge venue’s deposit address, priced at their block',
    sources: ['rpc', 'erc20', ...PRICED],
  },
  rfqProbe: { label: 'round trip of a synthetic RFQ sent to the RFQ probe, now', sources: ['rfq-probe'] },
};

/**
 * Which way is good. `higher`: the ok range is open upwards; `lower`: open downwards;
 * `band`: ok between two edges, off on either side.
 */
export type Direction = 'higher' | 'lower' | 'band';

/**
 * One step of a KPI's bands, in Grafana's threshold semantics: a step applies from `from`
 * (inclusive) up to the next step's `from`; the first step has `from: null` (minus infinity).
 * Using Grafana's own semantics means panel colours, frame thresholds and alert rules agree.
 */
export interface BandStep {
  from: number | null;
  state: State;
}

/** The plan opened by each non-ok state, on the side of the ok range where the value sits. */
export interface StatePlans {
  warning: PlanId;
  critical: PlanId;
}
export interface KpiPlans {
  /** Value below the ok range (too low). */
  below?: StatePlans;
  /** Value above the ok range (too high). */
  above?: StatePlans;
}

/** What the state is judged on: the value itself, or the slope of its series (per day). */
export type JudgedOn = 'value' | 'trend';

/**
 * How a KPI splits, when it does: one series per asset, lending venue, RPC node or wallet; or, for
 * `part`, the parts its value adds up to (total PnL's decomposition), shown beside the value and
 * never judged on their own.
 */
export type Breakdown = 'asset' | 'venue' | 'node' | 'wallet' | 'part';

export interface KpiDefinition {
  id: KpiId;
  name: string;
  area: Area;
  /** A Grafana unit id (`percent`, `ms`, `currencyUSD`, `none`, `suffix:…`). */
  unit: string;
  description: string;
  /** The formula in words, as the engine computes it. */
  formula: string;
  direction: Direction;
  /** The target as a person reads it, e.g. "≥ 99.5 %". */
  target: string;
  bands: BandStep[];
  judgedOn: JudgedOn;
  /** Unit of the judged quantity when it is not the value's (e.g. the PnL trend in USD per day). */
  judgedUnit?: string;
  plans: KpiPlans;
  /** The dataset parts its formula reads: what is gathered for it (checked against the formula by a test). */
  reads: readonly DataInput[];
  /** Where those come from: the union of its `reads`' sources (DATA_INPUTS). */
  sources: SourceId[];
  perAsset: boolean;
  breakdown?: Breakdown;
  /**
   * The breakdown is information beside the value, not numbers to judge (concentration: every
   * asset's share of NAV, stablecoins' cash included): no state, and no frame an alert rule would
   * judge; the frames say it in a notice, the CLI's --json gives it.
   */
  breakdownIsInformation?: true;
  /** Measured when the query runs (latency probes) rather than read from history. */
  measuredAtQueryTime: boolean;
  /** Where the framework made a choice the seed left open, said plainly. */
  choices: readonly string[];
  /** Natural bounds of the value, for gauges and band drawing (e.g. 0–100 for a share). */
  min?: number;
  max?: number;
}

export interface PlanStep {
  id: string;
  text: string;
}

export interface PlanSection {
  id: string;
  title: string;
  steps: PlanStep[];
}

export interface ActionPlan {
  id: PlanId;
  title: string;
  area: Area;
  /** When the plan applies, in words (e.g. "uptime below 98 %"). */
  trigger: string;
  summary: string;
  sections: PlanSection[];
}

/**
 * Per-data-source override of a KPI's bands: the steps' edges, in order, replacing the catalogue's
 * (`edges.length` = number of steps − 1). Keyed by KPI id, or `kpiId:ASSET` for a per-asset KPI.
 */
export interface BandOverride {
  edges: number[];
}
export type BandOverrides = Record<string, BandOverride>;
