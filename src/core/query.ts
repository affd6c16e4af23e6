/**
 * The query contract between every editor, dashboard, alert rule and the backend: the keys a query
 * may carry (the backend, pkg/backend/handlers/query.ts, reads exactly these; every one is optional)
 * and the event kinds an annotation query answers. No Grafana types here: src/datasource/types.ts adds
 * Grafana's DataQuery (refId, datasource, hide…) on top for the frontend.
 */
import type { Area } from './catalogue';

/** One query: a KPI (or all of them when empty), as an instant value or a series over the range. */
export interface PmmQueryFields {
  /**
   * `annotations` (ANNOTATIONS_QUERY_TYPE) answers events instead of KPIs; `dune` (DUNE_QUERY_TYPE) a
   * saved Dune query's latest result as a table; anything else, KPIs.
   */
  queryType?: string;
  /** A catalogue KPI id; empty means every KPI (of `area`, when set). */
  kpi?: string;
  /** Only this asset's entry of a per-asset KPI (e.g. net delta of WETH). */
  asset?: string;
  /** Default 'range' (DEFAULT_QUERY): a series over the range; 'instant': one value for the whole range. */
  mode?: 'instant' | 'range';
  /** With no `kpi`: only the KPIs of this area. */
  area?: Area;
  /** Only this entry of a per-venue or per-node KPI (a lending position such as "aave:maker", or its venue "aave"). */
  venue?: string;
  /**
   * Instant mode only. 'trend', for a KPI judged on its trend (total PnL): the slope per day that the
   * bands judge instead of the value. 'state': each number's band state as the data source judges it
   * now, under its band overrides (catalogue stateNumber: 0 ok, ±1 warning, ±2 critical, negative below
   * the ok range), so an alert rule reads thresholds that live in the data source's settings, not in
   * the rule. Default 'value'.
   */
  statistic?: Statistic;
  /** Only events of this wallet (by name or address); wallet-bound KPIs and events read it. */
  wallet?: string;
  /** Annotation queries only: which events to show (default every kind). */
  eventKinds?: EventKind[];
  /** Annotation queries only: a fill counts as large from this USD volume (default LARGE_FILL_USD). */
  minFillUsd?: number;
  /** Dune queries only: the saved query's id (the number in its dune.com URL); default the settings' `endpoints.duneQueryId`. */
  duneQueryId?: number;
}

export const STATISTICS = ['value', 'trend', 'state'] as const;
export type Statistic = (typeof STATISTICS)[number];

export const DEFAULT_QUERY: Partial<PmmQueryFields> = {
  mode: 'range',
};

/** `queryType` of an annotation query: the backend answers it with events, not KPIs. */
export const ANNOTATIONS_QUERY_TYPE = 'annotations';

/** `queryType` of a Dune query: the backend answers it with the saved query's latest result, as one table. */
export const DUNE_QUERY_TYPE = 'dune';

/** The events the annotation query can show, each read from what the engine already reads. */
export const EVENT_KINDS = ['failed-settlement', 'buffer-breach', 'flash-loan', 'rebalance', 'large-fill'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  'failed-settlement': 'Failed settlements',
  'buffer-breach': 'Liquidation-buffer breaches',
  'flash-loan': 'Flash loans',
  rebalance: 'Rebalances',
  'large-fill': 'Large fills',
};

/** Default threshold of a large fill, in USD of base volume. */
export const LARGE_FILL_USD = 250_000;

/** The lists a template variable can hold; each is one backend resource. */
export const VARIABLE_LISTS = ['kpis', 'assets', 'wallets', 'venues'] as const;
export type VariableList = (typeof VARIABLE_LISTS)[number];

/**
 * A query as stored in a dashboard, a rule or a request, without Grafana's packages: the keys above plus
 * the ones Grafana's DataQuery gives every query. src/datasource/types.ts's PmmQuery is assignable to it.
 */
export interface PmmStoredQuery extends PmmQueryFields {
  refId: string;
  hide?: boolean;
  datasource?: { type?: string; uid?: string } | null;
}
