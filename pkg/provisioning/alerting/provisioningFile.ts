/**
 * Grafana's alert rule provisioning file (apiVersion 1), as Grafana 12.4 reads it from
 * provisioning/alerting/*.yaml: the shape of AlertRuleGroupV1, AlertRuleV1 and QueryV1 in Grafana's
 * pkg/services/provisioning/alerting/rules_types.go, and of the reduce and threshold expressions in
 * pkg/expr. Only the fields we write are typed (Grafana silently ignores a key it does not know, so the
 * test checks every key against its list).
 *
 * Hand-built rather than from @grafana/grafana-foundation-sdk: the SDK's alerting builders model the
 * HTTP provisioning API (a rule carries folderUID, ruleGroup and orgID; a group has title, folderUid
 * and an interval in seconds), which Grafana documents as a different format from the file's.
 */

/** Grafana reads durations here with Prometheus' parser: "30s", "1m", "1h". */
export type PromDuration = `${number}${'s' | 'm' | 'h' | 'd'}`;

/** What a rule does when its query answers no data: NoData raises a DatasourceNoData alert. */
export type NoDataState = 'NoData' | 'Alerting' | 'OK' | 'KeepLast';

/** What a rule does when its query fails: Error raises a DatasourceError alert. */
export type ExecErrState = 'Error' | 'Alerting' | 'OK' | 'KeepLast';

/** Seconds before now; Grafana's YAML reader takes integers only. */
export interface RelativeTimeRange {
  from: number;
  to: number;
}

export interface AlertQuery<Model> {
  refId: string;
  relativeTimeRange: RelativeTimeRange;
  datasourceUid: string;
  model: Model;
}

/** Server-side expressions run on the pseudo data source `__expr__`. */
export const EXPRESSION_DATASOURCE = { type: '__expr__', uid: '__expr__' } as const;

export interface ReduceModel {
  refId: string;
  type: 'reduce';
  /** The refId reduced. */
  expression: string;
  reducer: 'last';
  datasource: typeof EXPRESSION_DATASOURCE;
}

/**
 * Grafana's threshold evaluators (pkg/expr/threshold.go): `lt` fires on v < a, `gte` on v ≥ a,
 * `outside_range` on v < a or v > b.
 */
export type ThresholdEvaluator =
  { type: 'lt' | 'gte'; params: [number] } | { type: 'outside_range'; params: [number, number] };

export interface ThresholdModel {
  refId: string;
  type: 'threshold';
  expression: string;
  /** Grafana takes exactly one condition. */
  conditions: [{ evaluator: ThresholdEvaluator }];
  datasource: typeof EXPRESSION_DATASOURCE;
}

export interface AlertRule<QueryModel> {
  uid: string;
  title: string;
  /** The refId whose non-zero result fires the rule. */
  condition: string;
  /** The condition's path (query, reduce, threshold), then a query and its reduce that templates read. */
  data: [
    AlertQuery<QueryModel>,
    AlertQuery<ReduceModel>,
    AlertQuery<ThresholdModel>,
    AlertQuery<QueryModel>,
    AlertQuery<ReduceModel>,
  ];
  noDataState: NoDataState;
  execErrState: ExecErrState;
  /** The pending period. */
  for: PromDuration;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface AlertRuleGroup<QueryModel> {
  orgId: number;
  name: string;
  /** Folder title; Grafana creates it when missing. */
  folder: string;
  interval: PromDuration;
  rules: Array<AlertRule<QueryModel>>;
}

export interface AlertRulesFile<QueryModel> {
  apiVersion: 1;
  groups: Array<AlertRuleGroup<QueryModel>>;
}
