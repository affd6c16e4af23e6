/**
 * Grafana-managed alert rules from the KPI catalogue, for one PMM data source: per KPI a warning rule
 * and a critical rule (at most 2 × 24), each multi-dimensional: one alert instance per number the data
 * source answers for the KPI (per asset, venue or node where the KPI has a breakdown). No threshold is
 * written into a rule: the query asks the data source for each number's band state, judged there under
 * the bands in force (the catalogue's, moved by the data source's band overrides), so an override
 * changed in the data source's settings is what the rules judge at their next evaluation.
 *
 *   A  the KPI's band state per entry (statistic "state": 0 ok, ±1 warning, ±2 critical, negative
 *      below the ok range), one instant value over the area's window
 *   B  reduce A to its last value (a no-op on an instant number; safe on a one-point series)
 *   C  threshold on B: |state| ≥ 1 (warning) or ≥ 2 (critical): the condition
 *   D  the judged number itself (the value, or the trend of a KPI judged on it), same window
 *   E  reduce D: what the summary says the number is
 *
 * Nothing about a KPI is written here; the catalogue says what, the policies below how often and how
 * patiently.
 */
import {
  AREAS,
  describeBands,
  KPIS,
  STATE_RANK,
  statementText,
  type Area,
  type Breakdown,
  type KpiDefinition,
  type KpiId,
  type PlanId,
} from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import type { PmmStoredQuery as PmmQuery } from '../../../src/core/query';
import type { AssetSettings } from '../../../src/core/settings/types';
import { planUrl } from '../../../src/core/urls';
import {
  EXPRESSION_DATASOURCE,
  type AlertQuery,
  type AlertRule,
  type AlertRuleGroup,
  type AlertRulesFile,
  type ExecErrState,
  type NoDataState,
  type PromDuration,
  type ReduceModel,
  type ThresholdEvaluator,
} from './provisioningFile';

/**
 * The queries each rule sends to the PMM data source (refIds A and D). Each answers one number per
 * frame, labelled (kpi, area, and asset, venue or node for an entry of a breakdown): A the state, D the
 * judged number. A failed source is the query's error; a KPI with no value over the window is a null
 * (Grafana: no data).
 */
export type PmmAlertQuery = Required<Pick<PmmQuery, 'refId' | 'kpi' | 'mode'>> & Pick<PmmQuery, 'statistic'>;

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The folder the rules go in unless told otherwise: the one the PMM dashboards are provisioned in. */
export const DEFAULT_FOLDER = 'PMM Monitor';

/**
 * A failed source must not pass for a healthy KPI: `Error` raises Grafana's DatasourceError alert,
 * with the rule's labels, so it is routed like the rule but reads as "could not measure", not as a
 * breach (which `Alerting` would claim, opening the wrong plan).
 */
export const EXEC_ERR_STATE: ExecErrState = 'Error';

/**
 * No value is not "ok" either (the catalogue judges no value as no state): `NoData` raises Grafana's
 * DatasourceNoData alert. The engine answers no value when a KPI is undefined over the window (no
 * RFQs, no fills, no block, no debt), which for a desk that is quoting is worth a look.
 */
export const NO_DATA_STATE: NoDataState = 'NoData';

export interface AreaPolicy {
  /** How often the area's rule group is evaluated. */
  interval: PromDuration;
  /** The query's range back from now, which every KPI formula is evaluated over. */
  windowSeconds: number;
  windowLabel: string;
  /** How long a breach must last before the rule fires (and an error before it is reported). */
  pending: PromDuration;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Uptime: rates over the last hour, so an outage shows within minutes and clears an hour after it
 *   ends (over 24 h, the 98 % edge would need half an hour of failures and then stay red for a day).
 * Position and risk: state KPIs read the last block (the window only bounds drawdown, flash-loan and
 *   gas ratios, which are daily figures); position waits 15 min for the hedger to act, risk 5 min.
 * Inventory: daily figures (turnover, rebalancing per day) over 24 h; inventory moves slowly.
 * Performance: the PnL trend and revenue figures need weeks to mean anything: 30 days, hourly patience.
 */
export const AREA_POLICIES: Record<Area, AreaPolicy> = {
  uptime: { interval: '1m', windowSeconds: HOUR, windowLabel: '1 h', pending: '5m' },
  position: { interval: '1m', windowSeconds: DAY, windowLabel: '24 h', pending: '15m' },
  inventory: { interval: '5m', windowSeconds: DAY, windowLabel: '24 h', pending: '30m' },
  risk: { interval: '1m', windowSeconds: DAY, windowLabel: '24 h', pending: '5m' },
  performance: { interval: '15m', windowSeconds: 30 * DAY, windowLabel: '30 days', pending: '1h' },
};

/**
 * The condition on the state number: |state| ≥ the severity's rank. Grafana's `outside_range` is strict
 * at both ends (v < a or v > b); the state is an integer, so half a step inside the rank is exact.
 */
export function evaluatorOf(severity: Severity): ThresholdEvaluator {
  const edge = STATE_RANK[severity] - 0.5;
  return { type: 'outside_range', params: [-edge, edge] };
}

function unitText(unit: string): string {
  if (unit === 'percent') {
    return ' %';
  }
  if (unit === 'currencyUSD') {
    return ' USD';
  }
  if (unit.startsWith('suffix:')) {
    return unit.slice('suffix:'.length);
  }
  return unit === 'none' || unit === '' ? '' : ` ${unit}`;
}

/**
 * The label naming an instance's entry (frames.ts labels an entry with its breakdown's kind): asset,
 * venue, node or wallet, or `entry` for an entry beside a KPI's value (quote response time's RFQ probe).
 */
function instanceLabel(kpi: KpiDefinition): Exclude<Breakdown, 'part'> | 'entry' | undefined {
  if (kpi.breakdown === 'part') {
    // A decomposition's parts are not judged: the state is the value's alone.
    return undefined;
  }
  return kpi.breakdown ?? 'entry';
}

/** The instance's entry in words, when it has one (Go template: empty for an instance without the label). */
function instanceText(kpi: KpiDefinition): string {
  const label = instanceLabel(kpi);
  return label ? `{{ with $labels.${label} }} {{ . }}{{ end }}` : '';
}

/** Grafana's URL with the path joined on, whatever slash the user typed at its end. */
function absolute(grafanaUrl: string, path: string): string {
  return `${grafanaUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * The plan page with what the alert is about: the KPI, the data source and the instance's entry
 * (`asset=`, `venue=` or `node=`, filled in by Grafana from the instance's labels when it fires).
 */
function planLink(kpi: KpiDefinition, plan: PlanId, context: RuleContext): string {
  const label = instanceLabel(kpi);
  const entry = label && label !== 'entry' ? `{{ with $labels.${label} }}&${label}={{ urlquery . }}{{ end }}` : '';
  const query = `?kpi=${kpi.id}&datasource=${encodeURIComponent(context.datasourceUid)}${entry}`;
  return absolute(context.grafanaUrl, `${planUrl(plan)}${query}`);
}

/**
 * The sides of the ok range where the severity (or worse) can hold. An override moves the edges, never
 * the states (catalogue overrides.ts), so these are the catalogue's whatever the data source overrides.
 */
function troubleSides(kpi: KpiDefinition, severity: Severity): Array<'below' | 'above'> {
  const ok = kpi.bands.findIndex((step) => step.state === 'ok');
  const reaches = (steps: typeof kpi.bands) => steps.some((step) => STATE_RANK[step.state] >= STATE_RANK[severity]);
  const sides: Array<'below' | 'above'> = [];
  if (reaches(kpi.bands.slice(0, ok))) {
    sides.push('below');
  }
  if (reaches(kpi.bands.slice(ok + 1))) {
    sides.push('above');
  }
  return sides;
}

/**
 * The runbook: the plan the state opens on the side the value is on, absolute so that it works from
 * Slack, email or PagerDuty. When the two sides open different plans, the link is chosen when the alert
 * fires, by the sign of the state ($values.B: negative below the ok range).
 */
function runbookUrl(kpi: KpiDefinition, severity: Severity, context: RuleContext): string {
  const plans = troubleSides(kpi, severity).map((side) => {
    const plan = kpi.plans[side]?.[severity];
    if (!plan) {
      throw new PmmError('alert rules', `${kpi.id}: ${severity} ${side} the ok range opens no plan`, {
        fix: 'give the KPI a plan for every state it can be in (src/core/catalogue/kpis.ts)',
        fault: 'plugin',
      });
    }
    return plan;
  });
  const [first, second] = plans;
  if (second !== undefined && second !== first) {
    return `{{ if lt $values.B.Value 0.0 }}${planLink(kpi, first, context)}{{ else }}${planLink(kpi, second, context)}{{ end }}`;
  }
  return planLink(kpi, first, context);
}

/** FNV-1a, 32 bits: a short, stable tag of the data source in each rule's uid. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Grafana's uid rule: letters, digits, `-` and `_`, at most 40 characters. The data source's tag keeps
 * the rules of two PMM data sources in one Grafana apart; the longest KPI id leaves room for 6 digits.
 */
export function ruleUid(kpiId: KpiId, severity: Severity, datasourceUid: string): string {
  const uid = `pmm-${kpiId}-${severity}-${fnv1a(datasourceUid).slice(0, 6)}`;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid)) {
    throw new PmmError(
      'alert rules',
      `alert rule uid "${uid}" is not a valid Grafana uid (letters, digits, - and _, ≤ 40)`,
      {
        fault: 'plugin',
      }
    );
  }
  return uid;
}

/** The dashboard panel a rule belongs to: Grafana draws the rule's state on it and links the alert to it. */
export interface RulePanel {
  dashboardUid: string;
  panelId: number;
}

/** The asset settings the rules read: which KPIs have a number at all, and the neutral levels said. */
export type RuleAsset = Pick<AssetSettings, 'symbol' | 'stable' | 'neutralUnits' | 'targetUsd'>;

/**
 * The assets a per-asset KPI has a number for, as its formula breaks down (pkg/engine/kpis): a KPI
 * with none could only ever be NoData (framework revision 2: rules only for numbers the engine
 * produces), so it gets no rule. Every other per-asset KPI has an entry for every asset.
 */
const MEASURED_ASSETS: Partial<Record<KpiId, (asset: RuleAsset) => boolean>> = {
  // Stablecoins are cash: they have no delta (an asset marked `stable: false` has one).
  net_delta: (asset) => !asset.stable,
  // Without a target value there is no level to measure.
  inventory_level: (asset) => asset.targetUsd !== undefined,
};

export function measuredAssets(kpi: KpiDefinition, assets: readonly RuleAsset[]): RuleAsset[] {
  const measured = MEASURED_ASSETS[kpi.id];
  return measured ? assets.filter(measured) : [...assets];
}

/** The neutral levels a position KPI's number is measured against, as the settings read said them. */
function neutralText(kpi: KpiDefinition, assets: readonly RuleAsset[]): string {
  if (kpi.id !== 'net_delta' && kpi.id !== 'hedge_coverage') {
    return '';
  }
  const levels = assets
    .filter((a) => !a.stable)
    .map((a) => (a.neutralUnits === undefined ? `${a.symbol} none (all holdings)` : `${a.symbol} ${a.neutralUnits}`));
  return (
    ` Neutral levels in the settings these rules were written from: ${levels.length > 0 ? levels.join(', ') : 'none (no non-stable asset)'}` +
    ' (assets[].neutralUnits; the data source measures with its own).'
  );
}

/** What every rule of one data source shares. */
interface RuleContext {
  datasourceUid: string;
  grafanaUrl: string;
  assets: readonly RuleAsset[];
}

function dataQuery(
  refId: string,
  model: PmmAlertQuery,
  windowSeconds: number,
  datasourceUid: string
): AlertQuery<PmmAlertQuery> {
  return { refId, relativeTimeRange: { from: windowSeconds, to: 0 }, datasourceUid, model };
}

function reduceLast(refId: string, expression: string): AlertQuery<ReduceModel> {
  return {
    refId,
    relativeTimeRange: { from: 0, to: 0 },
    datasourceUid: EXPRESSION_DATASOURCE.uid,
    model: { refId, type: 'reduce', expression, reducer: 'last', datasource: EXPRESSION_DATASOURCE },
  };
}

function alertRule(
  kpi: KpiDefinition,
  severity: Severity,
  context: RuleContext,
  panel?: RulePanel
): AlertRule<PmmAlertQuery> {
  const policy = AREA_POLICIES[kpi.area];
  const trend = kpi.judgedOn === 'trend';
  const unit = unitText(trend ? (kpi.judgedUnit ?? kpi.unit) : kpi.unit);
  const subject = `${kpi.name}${trend ? ' trend' : ''}`;
  const when = severity === 'warning' ? 'outside its ok range' : 'in its critical band';
  const judged: PmmAlertQuery = { refId: 'D', kpi: kpi.id, mode: 'instant', ...(trend ? { statistic: 'trend' } : {}) };
  const state: PmmAlertQuery = { refId: 'A', kpi: kpi.id, mode: 'instant', statistic: 'state' };
  return {
    uid: ruleUid(kpi.id, severity, context.datasourceUid),
    title: `${subject} ${when} (${severity})`,
    condition: 'C',
    data: [
      dataQuery('A', state, policy.windowSeconds, context.datasourceUid),
      reduceLast('B', 'A'),
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPRESSION_DATASOURCE.uid,
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: evaluatorOf(severity) }],
          datasource: EXPRESSION_DATASOURCE,
        },
      },
      dataQuery('D', judged, policy.windowSeconds, context.datasourceUid),
      reduceLast('E', 'D'),
    ],
    noDataState: NO_DATA_STATE,
    execErrState: EXEC_ERR_STATE,
    for: policy.pending,
    labels: { area: kpi.area, kpi: kpi.id, severity },
    annotations: {
      summary: `${subject}${instanceText(kpi)} is {{ printf "%.2f" $values.E.Value }}${unit}: ${when} (${severity}).`,
      description:
        `${statementText(kpi)} Target ${kpi.target}. Judged by the data source under the bands in force when the rule` +
        ` is evaluated (the catalogue's: ${describeBands(kpi.bands)}${trend ? `, on the trend (${kpi.judgedUnit ?? kpi.unit})` : ''};` +
        ` a band override in the data source's settings moves them, and these rules follow).` +
        ` Measured over the last ${policy.windowLabel}; fires when ${when} for ${policy.pending}.` +
        neutralText(kpi, context.assets),
      runbook_url: runbookUrl(kpi, severity, context),
      ...(panel ? { __dashboardUid__: panel.dashboardUid, __panelId__: String(panel.panelId) } : {}),
    },
  };
}

export interface AlertRulesOptions {
  /** The uid of the PMM data source the rules query. */
  datasourceUid: string;
  /** Grafana's address as its users reach it: runbook links are absolute under it. */
  grafanaUrl: string;
  /** The folder's title (Grafana creates it when missing); default DEFAULT_FOLDER. */
  folder?: string;
  /** Its assets: a per-asset KPI gets rules when it has a number for one (measuredAssets). */
  assets: readonly RuleAsset[];
  kpis?: readonly KpiDefinition[];
  /** The dashboard panel showing a KPI, when the rules should link one (pkg/provisioning/ids.ts). */
  panelOf?: (kpi: KpiDefinition) => RulePanel | undefined;
}

/**
 * One rule group per area, in the catalogue's order: KPI, then warning before critical. A group's name
 * carries the data source, so the rules of two PMM data sources can share a folder.
 */
export function buildAlertRules(options: AlertRulesOptions): AlertRulesFile<PmmAlertQuery> {
  const {
    datasourceUid,
    grafanaUrl,
    folder = DEFAULT_FOLDER,
    assets,
    kpis = KPIS,
    panelOf = () => undefined,
  } = options;
  const context: RuleContext = { datasourceUid, grafanaUrl, assets };
  const groups: Array<AlertRuleGroup<PmmAlertQuery>> = [];
  for (const area of AREAS) {
    const rules = kpis
      .filter((kpi) => kpi.area === area && (!kpi.perAsset || measuredAssets(kpi, assets).length > 0))
      .flatMap((kpi) =>
        // A severity the KPI's bands never reach would be a rule that never fires.
        SEVERITIES.filter((severity) => troubleSides(kpi, severity).length > 0).map((severity) =>
          alertRule(kpi, severity, context, panelOf(kpi))
        )
      );
    if (rules.length > 0) {
      groups.push({
        orgId: 1,
        name: `PMM ${area} (${datasourceUid})`,
        folder,
        interval: AREA_POLICIES[area].interval,
        rules,
      });
    }
  }
  return { apiVersion: 1, groups };
}
