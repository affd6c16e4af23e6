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
const GRAFANA = 'http://localhost:3000';
const SEVERITIES = ['warning', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

const demoSettings = JSON.parse(readFileSync(path.join(ROOT, 'pkg/demo/demo-settings.json'), 'utf8')) as {
  assets: Array<{ symbol: string }>;
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

/**
 * The number the data source answers for a value's state (statistic "state"), as this test reads the
 * contract: the severity's rank, negative on the low side of the ok range.
 */
function stateNumberOf(bands: readonly BandStep[], value: number): number {
  const state = stateOf(bands, value) as State;
  if (state === 'ok') {
    return 0;
  }
  const okFrom = bands.find((step) => step.state === 'ok')?.from ?? null;
  const below = okFrom !== null && value < okFrom;
  return below ? -RANK[state] : RANK[state];
}

/** The plans a severity opens on each side the catalogue's bands can be in trouble on. */
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

  it('is what `npm run generate:alerts` writes now, and says it is generated', async () => {
    const onDisk = readFileSync(ALERT_RULES_FILE, 'utf8');
    expect(onDisk.startsWith('# GENERATED FILE, DO NOT EDIT BY HAND.')).toBe(true);
    expect(firstDifference(onDisk, await generateAlertRulesFile())).toBeUndefined();
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

  it('has unique uids Grafana accepts (letters, digits, - and _, at most 40)', () => {
    const uids = rules.map(({ rule }) => rule.uid);
    for (const uid of uids) {
      expect(uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    }
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('names exactly one rule per KPI and severity: multi-dimensional, no rule per asset', () => {
    // Every demo KPI has a number (WETH and WBTC have a delta, every asset a target value): 24 × 2.
    const expected = KPIS.flatMap((kpi) => SEVERITIES.map((severity) => `${kpi.id} ${severity}`));
    const named = rules.map(({ rule }) => `${rule.labels.kpi} ${rule.labels.severity}`);
    expect([...named].sort()).toEqual([...expected].sort());
    expect(named).toHaveLength(48);
    expect(DEMO_ASSETS).toEqual(['WETH', 'WBTC', 'USDC', 'USDT']);
    for (const { rule } of rules) {
      expect(rule.labels.asset).toBeUndefined();
    }
  });

  it('names the neutral levels of the settings where a position KPI is measured against them', () => {
    for (const { rule } of rules.filter((r) => ['net_delta', 'hedge_coverage'].includes(r.rule.labels.kpi))) {
      // WETH 800 and WBTC 40 units in pkg/demo/demo-settings.json; the stablecoins have none.
      expect(rule.annotations.description).toContain('WETH 800, WBTC 40');
    }
  });

  it('asks the demo data source for the state and the judged number of the KPI, every entry of it', () => {
    for (const { group, rule } of rules) {
      const kpi = kpiOf(rule);
      const { A, B, C, D, E } = queries(rule);
      expect(rule.data.map((query) => query.refId)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(rule.condition).toBe('C');
      expect(A.datasourceUid).toBe(DEMO_DATASOURCE_UID);
      expect(D.datasourceUid).toBe(DEMO_DATASOURCE_UID);
      // No asset or venue: one query answers every entry, one alert instance each.
      expect(A.model).toEqual({ refId: 'A', kpi: kpi.id, mode: 'instant', statistic: 'state' });
      expect(D.model).toEqual({
        refId: 'D',
        kpi: kpi.id,
        mode: 'instant',
        // The bands of a trend KPI judge its slope: that is the number to show beside its state.
        ...(kpi.judgedOn === 'trend' ? { statistic: 'trend' } : {}),
      });
      for (const query of [A, D]) {
        const range = query.relativeTimeRange as { from: number; to: number };
        expect(Number.isInteger(range.from) && Number.isInteger(range.to) && range.from > range.to).toBe(true);
        if (kpi.judgedOn === 'trend') {
          // A slope per day needs days of history.
          expect(range.from).toBeGreaterThanOrEqual(7 * 86400);
        }
      }
      expect(A.relativeTimeRange).toEqual(D.relativeTimeRange);
      expect(B.datasourceUid).toBe('__expr__');
      expect(B.model).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'last' });
      expect(C.datasourceUid).toBe('__expr__');
      expect(C.model).toMatchObject({ type: 'threshold', expression: 'B' });
      expect((C.model.conditions as unknown[]).length).toBe(1);
      expect(E.model).toMatchObject({ type: 'reduce', expression: 'D', reducer: 'last' });
      expect(group.name).toContain(kpi.area);
      expect(rule.labels).toEqual({ area: kpi.area, kpi: kpi.id, severity: rule.labels.severity });
    }
  });

  it('fires exactly where the bands put the state at the severity or worse, whatever the edges', () => {
    // The edges are the data source's at evaluation time: probe the catalogue's and a moved set.
    for (const { rule } of rules) {
      const kpi = kpiOf(rule);
      const severity = rule.labels.severity as Severity;
      const evaluator = evaluatorOf(rule);
      const moved = kpi.bands.map((step, i) => (i === 0 ? step : { ...step, from: (step.from as number) * 3 + i }));
      for (const bands of [kpi.bands, moved]) {
        const edges = bands.slice(1).map((step) => step.from as number);
        const probes = [
          edges[0] - 1e6,
          ...edges.flatMap((e) => [e - 1e-6, e, e + 1e-6]),
          edges[edges.length - 1] + 1e6,
        ];
        for (const v of probes) {
          const fires = grafanaFires(evaluator, stateNumberOf(bands, v));
          expect({ uid: rule.uid, v, fires }).toEqual({ uid: rule.uid, v, fires: inSeverity(bands, v, severity) });
        }
      }
    }
  });

  it('links every rule to the plan its state opens on the side the value is on, absolute, with the KPI and data source', () => {
    const planIds = PLANS.map((plan) => plan.id as string);
    for (const { rule } of rules) {
      const kpi = kpiOf(rule);
      const severity = rule.labels.severity as Severity;
      const url = rule.annotations.runbook_url;
      const linked = [...url.matchAll(/http:\/\/localhost:3000\/a\/([a-z0-9-]+)\/plans\/([a-z0-9-]+)/g)];
      expect(linked.length).toBeGreaterThan(0);
      for (const [, app, planId] of linked) {
        expect(app).toBe(pluginJson.id);
        expect(planIds).toContain(planId);
      }
      const entry =
        kpi.breakdown === 'asset' || kpi.breakdown === 'venue' || kpi.breakdown === 'node'
          ? `{{ with $labels.${kpi.breakdown} }}&${kpi.breakdown}={{ urlquery . }}{{ end }}`
          : '';
      const link = (plan: string) => `${GRAFANA}${PLAN_URL_PREFIX}${plan}?kpi=${kpi.id}&datasource=pmm-demo${entry}`;
      const plans = expectedPlans(kpi, severity);
      if (plans.below && plans.above && plans.below !== plans.above) {
        // Chosen when the alert fires: the below-side plan while the state is negative.
        expect(url).toBe(`{{ if lt $values.B.Value 0.0 }}${link(plans.below)}{{ else }}${link(plans.above)}{{ end }}`);
      } else {
        const plan = plans.below ?? plans.above;
        expect(plan).toBeDefined();
        expect({ uid: rule.uid, url }).toEqual({ uid: rule.uid, url: link(plan as string) });
      }
    }
  });

  it('says the value, the target and the bands, and keeps environment interpolation away', () => {
    for (const { group, rule } of rules) {
      const kpi = kpiOf(rule);
      expect(rule.annotations.summary).toContain('$values.E');
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
