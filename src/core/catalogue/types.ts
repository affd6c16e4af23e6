/**
 * The shapes of the KPI catalogue and the action plans. The data lives in kpis.ts and plans.ts;
 * everything else (engine, backend frames, panel, alert rules, docs) reads it through index.ts.
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

/** How a KPI splits, when it does: one series per asset, lending venue, RPC node or wallet. */
export type Breakdown = 'asset' | 'venue' | 'node' | 'wallet';

export interface KpiDefinition {
  id: string;
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
  sources: SourceId[];
  perAsset: boolean;
  breakdown?: Breakdown;
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
