/**
 * Grafana-managed alert rules from the KPI catalogue: for every KPI (and every asset a per-asset KPI
 * has a number for: no rule that could only ever be NoData) a warning rule and a critical rule, each querying the PMM data source for the judged value and
 * firing where the KPI's bands put it in that state or worse. Nothing about a KPI is written here; the
 * catalogue says what, the policies below say how often and how patiently.
 *
 *   A  the KPI from the PMM data source, as one instant value over the area's window
 *   B  reduce A to its last value (a no-op on an instant number; safe on a one-point series)
 *   C  threshold on B at the band edges of the severity, on the bad side(s): the condition
 */
import {
  AREAS,
  describeBands,
  KPIS,
  resolveBands,
  statementText,
  type Area,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
  type KpiId,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import type { AssetSettings } from '../../../src/core/settings/types';
import { planUrl } from '../../../src/core/urls';
import type { PmmStoredQuery as PmmQuery } from '../../../src/core/query';
import {
  EXPRESSION_DATASOURCE,
  type AlertRule,
  type AlertRuleGroup,
  type AlertRulesFile,
  type ExecErrState,
  type NoDataState,
  type PromDuration,
  type ThresholdEvaluator,
} from './provisioningFile';

/**
 * The query each rule sends to the PMM data source (refId A). Its answer is taken to be one number per
 * frame (per entry of a breakdown, labelled), and that number is the judged quantity: the value, or
 * for a KPI judged on its trend (total_pnl) the trend per day over the query's range. A failed source
 * is the query's error; a KPI with no value over the window is a null or no frame (Grafana: no data).
 */
export type PmmAlertQuery = Required<Pick<PmmQuery, 'refId' | 'kpi' | 'mode'>> & Pick<PmmQuery, 'asset' | 'statistic'>;

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FOLDER = 'PMM Monitor';

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

const RANK: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

/**
 * Where a severity holds, in the bands' own semantics: below `below` (exclusive) and/or from `above`
 * (inclusive) upwards. A severity holds at a step whose state is that severity or worse.
 */
export interface Breach {
  below?: number;
  above?: number;
}

export function breachOf(bands: readonly BandStep[], severity: Severity): Breach {
  const holds = bands.map((step) => RANK[step.state] >= RANK[severity]);
  const firstQuiet = holds.indexOf(false);
  const lastQuiet = holds.lastIndexOf(false);
  if (firstQuiet < 0) {
    throw new Error(`bands ${describeBands(bands)} are ${severity} everywhere`);
  }
  if (holds.slice(firstQuiet, lastQuiet + 1).some(Boolean)) {
    throw new Error(`bands ${describeBands(bands)} have a ${severity} zone inside the ok range`);
  }
  const breach: Breach = {};
  if (firstQuiet > 0) {
    breach.below = bands[firstQuiet].from as number;
  }
  if (lastQuiet < bands.length - 1) {
    breach.above = bands[lastQuiet + 1].from as number;
  }
  return breach;
}

/**
 * Grafana's evaluator for a breach. One side is exact (`lt` is the bands' "below", `gte` their "from").
 * Both sides take `outside_range`, which Grafana makes strict at both ends: a value exactly on the upper
 * edge does not fire, where the bands already call it the worse state.
 */
export function evaluatorOf(breach: Breach): ThresholdEvaluator {
  if (breach.below !== undefined && breach.above !== undefined) {
    return { type: 'outside_range', params: [breach.below, breach.above] };
  }
  if (breach.below !== undefined) {
    return { type: 'lt', params: [breach.below] };
  }
  if (breach.above !== undefined) {
    return { type: 'gte', params: [breach.above] };
  }
  throw new Error('no breach to alert on');
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

function conditionText(evaluator: ThresholdEvaluator, unit: string): string {
  const [a, b] = evaluator.params;
  switch (evaluator.type) {
    case 'lt':
      return `below ${a}${unit}`;
    case 'gte':
      return `at or above ${a}${unit}`;
    case 'outside_range':
      return `below ${a}${unit} or above ${b}${unit}`;
  }
}

/** A number as a Go template float constant (Go's `lt` will not compare a float with an int). */
function goFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * The plan the state opens on the side the value is on. When the two sides open different plans, the
 * link is chosen when the alert fires, by which side of the ok range the value ($values.B) is on.
 */
function runbookUrl(kpi: KpiDefinition, severity: Severity, breach: Breach): string {
  const planOf = (side: 'below' | 'above'): PlanId | undefined => {
    if (breach[side] === undefined) {
      return undefined;
    }
    const plan = kpi.plans[side]?.[severity];
    if (!plan) {
      throw new Error(`${kpi.id}: ${severity} ${side} the ok range opens no plan`);
    }
    return plan;
  };
  const below = planOf('below');
  const above = planOf('above');
  if (below && above && below !== above) {
    return `{{ if lt $values.B.Value ${goFloat(breach.below as number)} }}${planUrl(below)}{{ else }}${planUrl(above)}{{ end }}`;
  }
  return planUrl((below ?? above) as PlanId);
}

/** Grafana's uid rule: letters, digits, `-` and `_`, at most 40 characters. */
export function ruleUid(kpiId: string, severity: Severity, asset?: string): string {
  const uid = ['pmm', kpiId, asset?.toLowerCase(), severity].filter(Boolean).join('-');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid)) {
    throw new Error(`alert rule uid "${uid}" is not a valid Grafana uid (letters, digits, - and _, ≤ 40)`);
  }
  return uid;
}

/** The dashboard panel a rule belongs to: Grafana draws the rule's state on it and links the alert to it. */
export interface RulePanel {
  dashboardUid: string;
  panelId: number;
}

/** The asset settings the rules read: which assets a KPI has a number for, and the neutral levels in force. */
export type RuleAsset = Pick<AssetSettings, 'symbol' | 'stable' | 'neutralUnits' | 'targetUsd'>;

/**
 * The assets a per-asset KPI has a number for, as its formula breaks down (pkg/engine/kpis): a rule
 * for any other asset could only ever be NoData (framework revision 2: rules only for numbers the
 * engine produces). Every other per-asset KPI has an entry for every asset.
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

/** How an asset's delta is measured: against its neutral level, or its wallet and supplied holdings. */
function neutralOf(asset: RuleAsset): string {
  return asset.neutralUnits === undefined
    ? `No neutral level is set for ${asset.symbol}: measured as net ÷ (wallets + supplied)`
    : `Neutral level in force: ${asset.neutralUnits} ${asset.symbol}`;
}

/** The neutral level(s) a position KPI's number is measured against, said in its alert's description. */
function neutralText(kpi: KpiDefinition, assets: readonly RuleAsset[], asset?: RuleAsset): string {
  if (kpi.id === 'net_delta' && asset) {
    return ` ${neutralOf(asset)} (settings: assets[].neutralUnits).`;
  }
  if (kpi.id === 'hedge_coverage') {
    const levels = assets
      .filter((a) => !a.stable)
      .map((a) =>
        a.neutralUnits === undefined
          ? `${a.symbol} all holdings (no neutral level)`
          : `${a.symbol} above its neutral level of ${a.neutralUnits}`
      );
    return ` Exposure to hedge: ${levels.length > 0 ? levels.join(', ') : 'none (no non-stable asset)'} (settings: assets[].neutralUnits).`;
  }
  return '';
}

function alertRule(
  kpi: KpiDefinition,
  severity: Severity,
  bands: readonly BandStep[],
  datasourceUid: string,
  context: { assets: readonly RuleAsset[]; asset?: RuleAsset },
  panel?: RulePanel
): AlertRule<PmmAlertQuery> {
  const asset = context.asset?.symbol;
  const policy = AREA_POLICIES[kpi.area];
  const trend = kpi.judgedOn === 'trend';
  const unit = unitText(trend ? (kpi.judgedUnit ?? kpi.unit) : kpi.unit);
  const breach = breachOf(bands, severity);
  const evaluator = evaluatorOf(breach);
  const when = conditionText(evaluator, unit);
  const subject = `${kpi.name}${asset ? ` ${asset}` : ''}${trend ? ' trend' : ''}`;
  // A trend KPI's bands judge its slope: the query asks the data source for that number.
  const query: PmmAlertQuery = {
    refId: 'A',
    kpi: kpi.id,
    ...(asset ? { asset } : {}),
    mode: 'instant',
    ...(trend ? { statistic: 'trend' } : {}),
  };
  return {
    uid: ruleUid(kpi.id, severity, asset),
    title: `${subject} ${when} (${severity})`,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: policy.windowSeconds, to: 0 },
        datasourceUid,
        model: query,
      },
      {
        refId: 'B',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPRESSION_DATASOURCE.uid,
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last', datasource: EXPRESSION_DATASOURCE },
      },
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPRESSION_DATASOURCE.uid,
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator }],
          datasource: EXPRESSION_DATASOURCE,
        },
      },
    ],
    noDataState: NO_DATA_STATE,
    execErrState: EXEC_ERR_STATE,
    for: policy.pending,
    labels: { area: kpi.area, kpi: kpi.id, severity, ...(asset ? { asset } : {}) },
    annotations: {
      summary: `${subject} is {{ printf "%.2f" $values.B.Value }}${unit}: ${severity}, ${when}.`,
      description:
        `${statementText(kpi)} Target ${kpi.target}; bands ${describeBands(bands)}` +
        `${trend ? ` on the trend (${kpi.judgedUnit ?? kpi.unit})` : ''}. ` +
        `Measured over the last ${policy.windowLabel}; fires when ${when} for ${policy.pending}.` +
        neutralText(kpi, context.assets, context.asset),
      runbook_url: runbookUrl(kpi, severity, breach),
      ...(panel ? { __dashboardUid__: panel.dashboardUid, __panelId__: String(panel.panelId) } : {}),
    },
  };
}

export interface AlertRulesOptions {
  /** The uid of the provisioned PMM data source the rules query. */
  datasourceUid: string;
  /** Its assets: a per-asset KPI gets rules for each it has a number for (measuredAssets). */
  assets: readonly RuleAsset[];
  /** Its band overrides (jsonData.bandOverrides), so the rules judge as its panels do. */
  bandOverrides?: BandOverrides;
  kpis?: readonly KpiDefinition[];
  /** The provisioned panel showing a KPI, if any (pkg/provisioning/ids.ts). */
  panelOf?: (kpi: KpiDefinition) => RulePanel | undefined;
}

/** One rule group per area, in the catalogue's order: KPI, then asset, then warning before critical. */
export function buildAlertRules(options: AlertRulesOptions): AlertRulesFile<PmmAlertQuery> {
  const { datasourceUid, assets, bandOverrides = {}, kpis = KPIS, panelOf = () => undefined } = options;
  const groups: Array<AlertRuleGroup<PmmAlertQuery>> = [];
  for (const area of AREAS) {
    const rules: Array<AlertRule<PmmAlertQuery>> = [];
    for (const kpi of kpis.filter((k) => k.area === area)) {
      for (const asset of kpi.perAsset ? measuredAssets(kpi, assets) : [undefined]) {
        const bands = resolveBands(kpi, bandOverrides, asset?.symbol);
        for (const severity of SEVERITIES) {
          rules.push(alertRule(kpi, severity, bands, datasourceUid, { assets, asset }, panelOf(kpi)));
        }
      }
    }
    if (rules.length > 0) {
      groups.push({ orgId: 1, name: `PMM ${area}`, folder: FOLDER, interval: AREA_POLICIES[area].interval, rules });
    }
  }
  return { apiVersion: 1, groups };
}
