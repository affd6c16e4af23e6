/**
 * The provisioned alert rules against the catalogue. Every expectation here is computed from the
 * catalogue (bands, plans, areas) and Grafana's file format, not from the generator's code; the one
 * thing taken from the generator is its output, to tell a stale file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import {
  KPIS,
  PLANS,
  describeBands,
  stateOf,
  type BandStep,
  type KpiDefinition,
  type State,
} from '../../../src/core/catalogue';
import pluginJson from '../../../src/plugin.json';
import { ALERT_RULES_FILE, generateAlertRulesFile } from './generate';

const ROOT = path.join(__dirname, '../../..');
const ALERTING_DIR = path.join(ROOT, 'provisioning/alerting');
const DEMO_DATASOURCE_UID = 'pmm-demo';
const PLAN_URL_PREFIX = `/a/${pluginJson.id}/plans/`;
const SEVERITIES = ['warning', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

const demoSettings = JSON.parse(readFileSync(path.join(ROOT, 'pkg/demo/demo-settings.json'), 'utf8')) as {
  assets: Array<{ symbol: string; stable?: boolean; neutralUnits?: number; targetUsd?: number }>;
  bandOverrides?: unknown;
};
const DEMO_ASSETS = demoSettings.assets.map((asset) => asset.symbol);

// Grafana 12.4's file format: AlertRuleGroupV1, AlertRuleV1 and QueryV1 in
// pkg/services/provisioning/alerting/rules_types.go. A key outside these is silently ignored by Grafana.
const GROUP_KEYS = ['orgId', 'name', 'folder', 'interval', 'rules'];
const RULE_KEYS = [
  'uid',
  'title',
  'condition',
  'data',
  'dashboardUid',
  'panelId',
  'noDataState',
  'execErrState',
  'for',
  'keepFiringFor',
  'missing_series_evals_to_resolve',
  'annotations',
  'labels',
  'isPaused',
  'notification_settings',
  'record',
];
const QUERY_KEYS = ['refId', 'queryType', 'relativeTimeRange', 'datasourceUid', 'model'];
const NO_DATA_STATES = ['NoData', 'Alerting', 'OK', 'KeepLast'];
/** A failed source must alert: OK and KeepLast would keep it quiet. */
const ALERTING_EXEC_ERR_STATES = ['Error', 'Alerting'];
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

interface Evaluator {
  type: string;
  params: number[];
}
interface Query {
  refId: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}
interface Rule {
  uid: string;
  title: string;
  condition: string;
  data: Query[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface Group {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: Rule[];
}
interface FoundRule {
  file: string;
  group: Group;
  rule: Rule;
}

function provisioningFiles(): string[] {
  return readdirSync(ALERTING_DIR)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => path.join(ALERTING_DIR, name));
}

/** Every alert rule of every provisioning file (YAML or JSON: JSON is YAML). */
function provisionedRules(): FoundRule[] {
  const found: FoundRule[] = [];
  for (const file of provisioningFiles()) {
    const content = parse(readFileSync(file, 'utf8')) as { apiVersion?: unknown; groups?: Group[] };
    expect({ file, apiVersion: content.apiVersion }).toEqual({ file, apiVersion: 1 });
    for (const group of content.groups ?? []) {
      for (const rule of group.rules) {
        found.push({ file: path.relative(ROOT, file), group, rule });
      }
    }
  }
  return found;
}

function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) {
    return undefined;
  }
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line < 0 ? a.length : line;
  return `line ${at + 1}: file has ${JSON.stringify(a[at])}, generator writes ${JSON.stringify(e[at])}`;
}

// ── What the catalogue says a rule must do, computed from its bands ─────────────────────────────────

const RANK: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

/** Does the catalogue put `value` in `severity` or worse? */
function inSeverity(bands: readonly BandStep[], value: number, severity: Severity): boolean {
  return RANK[stateOf(bands, value) as State] >= RANK[severity];
}

/**
 * The catalogue's edges for a severity: the value below which it holds (the `from` of the first step
 * out of a leading run of that severity or worse) and the value from which it holds (the `from` of a
 * trailing run's first step).
 */
function catalogueEdges(bands: readonly BandStep[], severity: Severity): { below?: number; above?: number } {
  const edges: { below?: number; above?: number } = {};
  let i = 0;
  while (i < bands.length && RANK[bands[i].state] >= RANK[severity]) {
    i++;
  }
  if (i > 0 && i < bands.length) {
    edges.below = bands[i].from as number;
  }
  let j = bands.length - 1;
  while (j > 0 && RANK[bands[j].state] >= RANK[severity]) {
    j--;
  }
  if (j < bands.length - 1) {
    edges.above = bands[j + 1].from as number;
  }
  return edges;
}

/** Grafana's threshold predicates (pkg/expr/threshold.go). */
function grafanaFires(evaluator: Evaluator, v: number): boolean {
  const [a, b] = evaluator.params;
  switch (evaluator.type) {
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
      throw new Error(`unknown evaluator ${evaluator.type}`);
  }
}

function expectedPlans(kpi: KpiDefinition, severity: Severity): { below?: string; above?: string } {
  const edges = catalogueEdges(kpi.bands, severity);
  return {
    below: edges.below === undefined ? undefined : kpi.plans.below?.[severity],
    above: edges.above === undefined ? undefined : kpi.plans.above?.[severity],
  };
}

function queries(rule: Rule): Record<string, Query> {
  return Object.fromEntries(rule.data.map((query) => [query.refId, query]));
}

function evaluatorOf(rule: Rule): Evaluator {
  const conditions = queries(rule).C.model.conditions as Array<{ evaluator: Evaluator }>;
  return conditions[0].evaluator;
}

// ────────────────────────────────────────────────────────────────────────────────────────────────────

describe('provisioning/alerting', () => {
  const rules = provisionedRules();
  const kpiOf = (rule: Rule) => KPIS.find((kpi) => kpi.id === rule.labels.kpi) as KpiDefinition;

  it('is what `npm run generate:alerts` writes now, and says it is generated', () => {
    const onDisk = readFileSync(ALERT_RULES_FILE, 'utf8');
    expect(onDisk.startsWith('# GENERATED FILE, DO NOT EDIT BY HAND.')).toBe(true);
    expect(firstDifference(onDisk, generateAlertRulesFile())).toBeUndefined();
  });

  it('holds only groups and rules in Grafana 12.4 file format', () => {
    expect(provisioningFiles().length).toBeGreaterThan(0);
    for (const { file, group, rule } of rules) {
      const where = `${file} ${rule.uid}`;
      expect({ where, extra: Object.keys(group).filter((key) => !GROUP_KEYS.includes(key)) }).toEqual({
        where,
        extra: [],
      });
      expect(group.orgId).toBe(1);
      expect(group.name.trim()).not.toBe('');
      expect(group.folder.trim()).not.toBe('');
      expect(group.interval).toMatch(DURATION);
      expect({ where, extra: Object.keys(rule).filter((key) => !RULE_KEYS.includes(key)) }).toEqual({
        where,
        extra: [],
      });
      for (const query of rule.data) {
        expect(Object.keys(query).filter((key) => !QUERY_KEYS.includes(key))).toEqual([]);
      }
      expect(rule.title.trim()).not.toBe('');
      expect(rule.for).toMatch(DURATION);
      expect(NO_DATA_STATES).toContain(rule.noDataState);
      expect({ where, execErrState: ALERTING_EXEC_ERR_STATES.includes(rule.execErrState) }).toEqual({
        where,
        execErrState: true,
      });
    }
  });

  it('has unique, stable-looking uids Grafana accepts (letters, digits, - and _, at most 40)', () => {
    const uids = rules.map(({ rule }) => rule.uid);
    for (const uid of uids) {
      expect(uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    }
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('names exactly one rule per KPI, severity and (for a per-asset KPI) demo asset it has a number for', () => {
    // Framework revision 2: no rule that can only ever be NoData. Stablecoins have no delta; an asset
    // without a target value has no inventory level (every demo asset has one).
    const assetsOf = (kpi: KpiDefinition) =>
      demoSettings.assets
        .filter((a) => kpi.id !== 'net_delta' || a.stable !== true)
        .filter((a) => kpi.id !== 'inventory_level' || a.targetUsd !== undefined)
        .map((a) => a.symbol);
    const expected = KPIS.flatMap((kpi) =>
      (kpi.perAsset ? assetsOf(kpi) : [undefined]).flatMap((asset) =>
        SEVERITIES.map((severity) => [kpi.id, asset ?? '-', severity].join(' '))
      )
    );
    const named = rules.map(({ rule }) => [rule.labels.kpi, rule.labels.asset ?? '-', rule.labels.severity].join(' '));
    expect([...named].sort()).toEqual([...expected].sort());
    expect(DEMO_ASSETS).toEqual(['WETH', 'WBTC', 'USDC', 'USDT']);
    // The demo's stablecoins: no net delta rule for them.
    expect(named.filter((n) => n.startsWith('net_delta ')).map((n) => n.split(' ')[1])).toEqual([
      'WETH',
      'WETH',
      'WBTC',
      'WBTC',
    ]);
  });

  it('names the neutral level in force where a position KPI is measured against it', () => {
    for (const { rule } of rules) {
      const asset = demoSettings.assets.find((a) => a.symbol === rule.labels.asset);
      if (rule.labels.kpi === 'net_delta') {
        // WETH 800 and WBTC 40 units in pkg/demo/demo-settings.json
        expect(rule.annotations.description).toContain(
          `Neutral level in force: ${asset?.neutralUnits} ${asset?.symbol}`
        );
      }
      if (rule.labels.kpi === 'hedge_coverage') {
        expect(rule.annotations.description).toContain(
          'Exposure to hedge: WETH above its neutral level of 800, WBTC above its neutral level of 40'
        );
      }
    }
  });

  it('queries the demo data source for the KPI (and asset) as an instant value, reduced and thresholded', () => {
    for (const { group, rule } of rules) {
      const kpi = kpiOf(rule);
      const { A, B, C } = queries(rule);
      expect(rule.data.map((query) => query.refId)).toEqual(['A', 'B', 'C']);
      expect(rule.condition).toBe('C');
      expect(A.datasourceUid).toBe(DEMO_DATASOURCE_UID);
      expect(A.model).toEqual({
        refId: 'A',
        kpi: kpi.id,
        ...(kpi.perAsset ? { asset: rule.labels.asset } : {}),
        mode: 'instant',
        // The bands of a trend KPI judge its slope: the rule must ask for it, not the value.
        ...(kpi.judgedOn === 'trend' ? { statistic: 'trend' } : {}),
      });
      const range = A.relativeTimeRange as { from: number; to: number };
      expect(Number.isInteger(range.from) && Number.isInteger(range.to) && range.from > range.to).toBe(true);
      if (kpi.judgedOn === 'trend') {
        // A slope per day needs days of history.
        expect(range.from).toBeGreaterThanOrEqual(7 * 86400);
      }
      expect(B.datasourceUid).toBe('__expr__');
      expect(B.model).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'last' });
      expect(C.datasourceUid).toBe('__expr__');
      expect(C.model).toMatchObject({ type: 'threshold', expression: 'B' });
      expect((C.model.conditions as unknown[]).length).toBe(1);
      expect(group.name).toContain(kpi.area);
      expect(rule.labels).toEqual({
        area: kpi.area,
        kpi: kpi.id,
        severity: rule.labels.severity,
        ...(kpi.perAsset ? { asset: rule.labels.asset } : {}),
      });
    }
  });

  it('thresholds at the catalogue band edges, on the bad side(s) of the ok range', () => {
    // The rules are for the demo data source; band overrides there would move its edges off the catalogue's.
    expect(demoSettings.bandOverrides ?? {}).toEqual({});
    for (const { rule } of rules) {
      const kpi = kpiOf(rule);
      const severity = rule.labels.severity as Severity;
      const { below, above } = catalogueEdges(kpi.bands, severity);
      const expected: Evaluator =
        below !== undefined && above !== undefined
          ? { type: 'outside_range', params: [below, above] }
          : below !== undefined
            ? { type: 'lt', params: [below] }
            : { type: 'gte', params: [above as number] };
      expect({ uid: rule.uid, evaluator: evaluatorOf(rule) }).toEqual({ uid: rule.uid, evaluator: expected });
    }
  });

  it('fires exactly where the catalogue says the severity holds (Grafana is strict at an upper range edge)', () => {
    for (const { rule } of rules) {
      const kpi = kpiOf(rule);
      const severity = rule.labels.severity as Severity;
      const evaluator = evaluatorOf(rule);
      const edges = kpi.bands.slice(1).map((step) => step.from as number);
      const probes = [edges[0] - 1e6, ...edges.flatMap((e) => [e - 1e-6, e, e + 1e-6]), edges[edges.length - 1] + 1e6];
      for (const v of probes) {
        const upperRangeEdge = evaluator.type === 'outside_range' && v === evaluator.params[1];
        const expected = upperRangeEdge ? false : inSeverity(kpi.bands, v, severity);
        expect({ uid: rule.uid, v, fires: grafanaFires(evaluator, v) }).toEqual({ uid: rule.uid, v, fires: expected });
      }
    }
  });

  it('links every rule to the plan its state opens on the side the value is on', () => {
    const planIds = PLANS.map((plan) => plan.id as string);
    for (const { rule } of rules) {
      const kpi = kpiOf(rule);
      const severity = rule.labels.severity as Severity;
      const url = rule.annotations.runbook_url;
      const linked = [...url.matchAll(/\/a\/([a-z0-9-]+)\/plans\/([a-z0-9-]+)/g)];
      expect(linked.length).toBeGreaterThan(0);
      for (const [, app, planId] of linked) {
        expect(app).toBe(pluginJson.id);
        expect(planIds).toContain(planId);
      }
      const plans = expectedPlans(kpi, severity);
      const { below } = catalogueEdges(kpi.bands, severity);
      if (plans.below && plans.above && plans.below !== plans.above) {
        // Chosen when the alert fires: the below-side plan while the value is under the lower edge.
        const edge = Number.isInteger(below) ? (below as number).toFixed(1) : String(below);
        expect(url).toBe(
          `{{ if lt $values.B.Value ${edge} }}${PLAN_URL_PREFIX}${plans.below}{{ else }}${PLAN_URL_PREFIX}${plans.above}{{ end }}`
        );
      } else {
        const plan = plans.below ?? plans.above;
        expect(plan).toBeDefined();
        expect({ uid: rule.uid, url }).toEqual({ uid: rule.uid, url: `${PLAN_URL_PREFIX}${plan}` });
      }
    }
  });

  it('says the value, the target and the bands, and keeps environment interpolation away', () => {
    for (const { group, rule } of rules) {
      const kpi = kpiOf(rule);
      expect(rule.annotations.summary).toContain('$values.B');
      expect(rule.annotations.description).toContain(kpi.target);
      expect(rule.annotations.description).toContain(describeBands(kpi.bands));
      // The catalogue's statement, as the panel's tooltip and the field description give it.
      for (const words of [kpi.description, kpi.formula, ...kpi.choices]) {
        expect(rule.annotations.description).toContain(words);
      }
      // Grafana expands $VAR from the environment in these fields; annotations keep `$values` unless `${`.
      const interpolated = [group.name, group.folder, group.interval, rule.uid, rule.title, rule.condition, rule.for];
      for (const text of [...interpolated, ...Object.values(rule.labels)]) {
        expect(text).not.toContain('$');
      }
      for (const text of Object.values(rule.annotations)) {
        expect(text).not.toContain('${');
      }
    }
  });
});
