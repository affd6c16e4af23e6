/**
 * A provisioned alert rule evaluated as Grafana's ruler evaluates it, in miniature: its data source
 * queries sent over their relative ranges back from now, the answers read as the dataplane readers read
 * them (one number, with its field's labels, per frame), then the server-side expressions in order —
 * reduce (last; a number passes through), threshold (the evaluators of pkg/expr/threshold.go) — and the
 * condition read per label set: non-zero Alerting, zero Normal, null NoData; a failed query Error.
 * Written from Grafana's behaviour, not from the generator: a rule the generator got wrong fails here.
 */
import { tableFromIPC } from 'apache-arrow';

import type { ProtoDataResponse } from '../../pkg/backend/wire/protocol';

export interface RuleQuery {
  refId: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface EvaluatedRule {
  uid: string;
  condition: string;
  labels: Record<string, string>;
  data: RuleQuery[];
}

/** One labelled number of a query or expression; a series' numbers when it is one (range frames). */
export interface Sample {
  labels: Record<string, string>;
  value: number | null;
  series?: Array<number | null>;
  /** What the data source said about the number (its frame's notices): why a null is one. */
  notices?: string[];
}

export type InstanceState = 'Alerting' | 'Normal' | 'NoData' | 'Error';

export interface Instance {
  labels: Record<string, string>;
  state: InstanceState;
  /** The data source's notices on the instance's numbers, or the query's error. */
  notes: string[];
  /** Every number of the instance by refId, as the rule's templates read `$values`. */
  values: Record<string, number | null>;
}

export const EXPRESSION_UID = '__expr__';

/** The data source queries of a rule: everything not on the expression pseudo data source. */
export function dataQueries(rule: EvaluatedRule): RuleQuery[] {
  return rule.data.filter((query) => query.datasourceUid !== EXPRESSION_UID);
}

/** The frames of one answer as samples: the first number field of each frame, with its labels. */
export function samplesOf(response: ProtoDataResponse): Sample[] {
  return response.frames.map((bytes) => {
    const table = tableFromIPC(bytes);
    const field = table.schema.fields.find((f) => f.name !== 'time');
    if (!field) {
      return { labels: {}, value: null };
    }
    const column = table.getChild(field.name)!;
    const values: Array<number | null> = [];
    for (let i = 0; i < table.numRows; i++) {
      const value = column.get(i) as number | null;
      values.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
    }
    const labels = JSON.parse(field.metadata.get('labels') ?? '{}') as Record<string, string>;
    const meta = JSON.parse(table.schema.metadata.get('meta') ?? '{}') as { notices?: Array<{ text: string }> };
    const notices = (meta.notices ?? []).map((n) => n.text);
    const isSeries = table.schema.fields.some((f) => f.name === 'time');
    return isSeries ? { labels, value: null, series: values, notices } : { labels, value: values[0] ?? null, notices };
  });
}

const labelKey = (labels: Record<string, string>): string =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Grafana's threshold predicates (pkg/expr/threshold.go). */
export function thresholdFires(type: string, params: number[], v: number): boolean {
  const [a, b] = params;
  switch (type) {
    case 'lt':
      return v < a;
    case 'gt':
      return v > a;
    case 'lte':
      return v <= a;
    case 'gte':
      return v >= a;
    case 'outside_range':
      return v < a || v > b;
    case 'outside_range_included':
      return v <= a || v >= b;
    case 'within_range':
      return v > a && v < b;
    case 'within_range_included':
      return v >= a && v <= b;
    default:
      throw new Error(`unknown evaluator ${type}`);
  }
}

function expression(model: Record<string, unknown>, results: Map<string, Sample[]>): Sample[] {
  const input = results.get(String(model.expression));
  if (!input) {
    throw new Error(`expression ${String(model.refId)} reads ${String(model.expression)}, which is not before it`);
  }
  switch (model.type) {
    case 'reduce': {
      if (model.reducer !== 'last') {
        throw new Error(`reducer ${String(model.reducer)} is not modelled`);
      }
      // A number is passed through; a series reduces to its last point (null stays null: strict mode).
      return input.map((s) => ({
        labels: s.labels,
        value: s.series ? (s.series[s.series.length - 1] ?? null) : s.value,
      }));
    }
    case 'threshold': {
      const [{ evaluator }] = model.conditions as Array<{ evaluator: { type: string; params: number[] } }>;
      if (input.some((s) => s.series)) {
        throw new Error('a threshold on a series is not what these rules do');
      }
      return input.map((s) => ({
        labels: s.labels,
        value: s.value === null ? null : thresholdFires(evaluator.type, evaluator.params, s.value) ? 1 : 0,
      }));
    }
    default:
      throw new Error(`expression type ${String(model.type)} is not modelled`);
  }
}

/**
 * Runs a rule's expressions over its data queries' answers and reads the condition. `answers` holds
 * each data query's response by refId.
 */
export function evaluateRule(rule: EvaluatedRule, answers: Map<string, ProtoDataResponse>): Instance[] {
  const results = new Map<string, Sample[]>();
  for (const query of rule.data) {
    if (query.datasourceUid !== EXPRESSION_UID) {
      const response = answers.get(query.refId);
      if (!response || response.error !== '' || (response.status !== 0 && response.status !== 200)) {
        return [{ labels: rule.labels, state: 'Error', values: {}, notes: [response?.error ?? 'no answer'] }];
      }
      results.set(query.refId, samplesOf(response));
    } else {
      results.set(query.refId, expression(query.model, results));
    }
    // Grafana refuses an answer whose numbers it cannot tell apart by their labels.
    const keys = (results.get(query.refId) ?? []).map((s) => labelKey(s.labels));
    if (new Set(keys).size !== keys.length) {
      return [{ labels: rule.labels, state: 'Error', values: {}, notes: [`${query.refId}: duplicate label sets`] }];
    }
  }
  const condition = results.get(rule.condition) ?? [];
  if (condition.length === 0) {
    return [{ labels: rule.labels, state: 'NoData', values: {}, notes: [] }];
  }
  return condition.map((sample) => {
    const values: Record<string, number | null> = {};
    const notes: string[] = [];
    for (const [refId, samples] of results) {
      const same = samples.find((s) => labelKey(s.labels) === labelKey(sample.labels));
      if (same && !same.series) {
        values[refId] = same.value;
      }
      notes.push(...(same?.notices ?? []));
    }
    const state: InstanceState = sample.value === null ? 'NoData' : sample.value !== 0 ? 'Alerting' : 'Normal';
    return { labels: { ...sample.labels, ...rule.labels }, state, values, notes: [...new Set(notes)] };
  });
}
