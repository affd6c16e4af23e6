/**
 * Turns query frames into one row per KPI number: the KPI (from the field's `kpi` label or its name),
 * its breakdown entry (asset, venue or node), the value, the series over the range, the bands in force,
 * the state and the plan that state opens. Rows are keyed by the field's full label set, so the venue
 * and node entries of one KPI stay apart, and an instant frame and a range frame of the same number
 * merge into one row: the instant value (the whole range) is the value, the range gives the sparkline.
 * Pure, so it is tested without rendering.
 */
import {
  FieldType,
  type DataFrame,
  type DisplayProcessor,
  type Field,
  type FieldConfig,
  type InterpolateFunction,
  type Labels,
} from '@grafana/data';

import {
  findKpi,
  planFor,
  stateOf,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../core/catalogue';
import { bandsOf } from './bandsOfField';
import { partName } from './partName';

export interface KpiSeries {
  times: number[];
  values: Array<number | null>;
}

export interface KpiRow {
  key: string;
  kpi: KpiDefinition;
  labels: Labels;
  /** The breakdown entry this number is (an asset, a venue position, a node, a part), if any. */
  entry?: string;
  /**
   * A part of a decomposed KPI's value (total PnL's `part` breakdown), with its place among the parts:
   * shown under the value, in the order the parts add up, never judged.
   */
  partIndex?: number;
  /** What the row is called: the field's display name when a panel override set one, else the KPI's name
   * with its entry ("Liquidation buffer (aave:maker)"), or a part's own name ("Inventory MTM"). */
  title: string;
  /**
   * The field's config as Grafana hands it to the panel: the data source's (unit, min, max, thresholds,
   * links) with the panel's defaults and overrides applied (decimals, unit, display name, links, …).
   */
  config: FieldConfig;
  /** Grafana's display processor for the field (unit, decimals, value mappings), when it made one. */
  display?: DisplayProcessor;
  /** The field's data links, interpolated by Grafana, when it supplied them. */
  getLinks?: Field['getLinks'];
  /** The query (refId) the number answers, to find its data source. */
  refId?: string;
  /** The whole range's value (instant query), else the latest point of the series. */
  value?: number;
  series?: KpiSeries;
  /** Latest point minus the first, over the range (undefined without two points). */
  change?: number;
  /** What the bands judge: the value, or its slope per day for a KPI judged on its trend. */
  judged?: number;
  bands: BandStep[];
  state?: State;
  plan?: PlanId;
  /** Notices the data source attached to this KPI's frames (errors, missing points). */
  notices: string[];
  /** The gravest of them: an information (where the state starts) is not a warning. */
  noticeLevel?: NoticeLevel;
  /**
   * Why the number is missing, said on the card: the first error notice, else the first information
   * (the engine's note: "4 daily returns; VaR needs at least 30"), else the first notice.
   */
  reason?: string;
}

export type NoticeLevel = 'info' | 'warning' | 'error';
const GRAVITY: Record<NoticeLevel, number> = { info: 0, warning: 1, error: 2 };

function graver(a: NoticeLevel | undefined, b: NoticeLevel | undefined): NoticeLevel | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  return GRAVITY[b] > GRAVITY[a] ? b : a;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function lastNumber(values: ArrayLike<unknown>): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (finite(value)) {
      return value;
    }
  }
  return undefined;
}

function firstNumber(values: ArrayLike<unknown>): number | undefined {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (finite(value)) {
      return value;
    }
  }
  return undefined;
}

/** A stable key from every label, so entries of one KPI never collide. */
export function labelKey(kpiId: string, labels: Labels | undefined): string {
  const pairs = Object.entries({ ...labels, kpi: kpiId }).sort(([a], [b]) => a.localeCompare(b));
  return pairs.map(([name, value]) => `${name}=${value}`).join(',');
}

interface Gathered {
  kpi: KpiDefinition;
  labels: Labels;
  config: FieldConfig;
  /** The field whose display, links and scoped variables the row takes: the instant one when there is one. */
  field: Field;
  refId?: string;
  instant?: number;
  series?: KpiSeries;
  trend?: number;
  /** A trend KPI's band edges in force at the data source (its overrides included). */
  trendEdges?: number[];
  /** The data source's own state, for a trend KPI whose slope the frames do not carry. */
  backendState?: State;
  /** The notices of the number's frames, once each, in order. */
  notices: Array<{ level: NoticeLevel; text: string }>;
}

function isState(value: unknown): value is State {
  return value === 'ok' || value === 'warning' || value === 'critical';
}

function customOf(frame: DataFrame): Record<string, unknown> {
  const custom: unknown = frame.meta?.custom;
  return typeof custom === 'object' && custom !== null ? (custom as Record<string, unknown>) : {};
}

function seriesOf(time: Field, field: Field): KpiSeries {
  const times: number[] = [];
  const values: Array<number | null> = [];
  for (let i = 0; i < field.values.length; i++) {
    const t: unknown = time.values[i];
    const v: unknown = field.values[i];
    if (finite(t)) {
      times.push(t);
      values.push(finite(v) ? v : null);
    }
  }
  return { times, values };
}

function gather(frames: readonly DataFrame[]): Map<string, Gathered> {
  const rows = new Map<string, Gathered>();
  for (const frame of frames) {
    const time = frame.fields.find((field) => field.type === FieldType.time);
    const custom = customOf(frame);
    // Grafana's notices name their severity; one without is taken as a warning.
    const levelled = (frame.meta?.notices ?? []).map((notice) => ({
      level: notice.severity === 'info' || notice.severity === 'error' ? notice.severity : ('warning' as const),
      text: notice.text,
    }));
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const kpi = findKpi(field.labels?.kpi ?? field.name);
      if (!kpi) {
        continue;
      }
      const key = labelKey(kpi.id, field.labels);
      const row: Gathered = rows.get(key) ?? {
        kpi,
        labels: { ...field.labels, kpi: kpi.id },
        config: field.config,
        field,
        refId: frame.refId,
        notices: [],
      };
      row.notices.push(...levelled.filter((notice) => !row.notices.some((seen) => seen.text === notice.text)));
      if (finite(custom.trend)) {
        row.trend = custom.trend;
      }
      if (Array.isArray(custom.trendEdges) && custom.trendEdges.every(finite)) {
        row.trendEdges = custom.trendEdges;
      }
      if (isState(custom.state)) {
        row.backendState = custom.state;
      }
      if (time) {
        row.series = seriesOf(time, field);
        row.config = { ...field.config, ...row.config };
      } else {
        row.instant = lastNumber(field.values);
        // The instant frame's config (links for the whole range's state) wins over the range's.
        row.config = { ...row.config, ...field.config };
        row.field = field;
        row.refId = frame.refId ?? row.refId;
      }
      rows.set(key, row);
    }
  }
  return rows;
}

export interface KpiRowsOptions {
  /** Grafana's interpolation, for a display name set with variables (`${__field.labels.asset}`). */
  replaceVariables?: InterpolateFunction;
}

/** The name the data source gives a number (fieldConfigOf in the backend): the KPI's, with its entry. */
export function dataSourceName(kpi: KpiDefinition, entry: string | undefined): string {
  return entry ? `${kpi.name} (${entry})` : kpi.name;
}

/**
 * The row's title: a display name the panel's options set (it differs from the data source's own),
 * interpolated as Grafana's panels do; else a part's readable name, or the data source's name.
 */
function titleOf(row: Gathered, entry: string | undefined, part: boolean, options: KpiRowsOptions): string {
  const own = dataSourceName(row.kpi, entry);
  const displayName = row.config.displayName;
  if (displayName && displayName !== own) {
    return options.replaceVariables ? options.replaceVariables(displayName, row.field.state?.scopedVars) : displayName;
  }
  return part && entry !== undefined ? partName(entry) : own;
}

function reasonOf(row: Gathered): string | undefined {
  const first = (level: NoticeLevel) => row.notices.find((notice) => notice.level === level)?.text;
  return first('error') ?? first('info') ?? row.notices[0]?.text;
}

/** The notices' texts, and the gravest of their levels. */
function noticesOf(row: Gathered, problem: string | undefined): { notices: string[]; noticeLevel?: NoticeLevel } {
  const all = problem ? [...row.notices, { level: 'warning' as const, text: problem }] : row.notices;
  return {
    notices: all.map((notice) => notice.text),
    noticeLevel: all.reduce<NoticeLevel | undefined>((worst, notice) => graver(worst, notice.level), undefined),
  };
}

/** What every row carries from Grafana's processing of its field. */
function fieldParts(row: Gathered) {
  return { config: row.config, display: row.field.display, getLinks: row.field.getLinks, refId: row.refId };
}

function partRow(key: string, row: Gathered, entry: string, index: number, title: string): KpiRow {
  const value = row.instant ?? (row.series ? lastNumber(row.series.values) : undefined);
  return {
    key,
    kpi: row.kpi,
    labels: row.labels,
    entry,
    partIndex: index,
    title,
    ...fieldParts(row),
    value,
    series: row.series,
    bands: [],
    notices: [],
  };
}

export function kpiRows(frames: readonly DataFrame[], options: KpiRowsOptions = {}): KpiRow[] {
  const partIndex = new Map<string, number>();
  return [...gather(frames)].map(([key, row]) => {
    const { kpi, labels, series } = row;
    // A KPI without a breakdown may still show an entry beside its value (the RFQ probe), labelled `entry`.
    const entry = kpi.breakdown ? labels[kpi.breakdown] : labels.entry;
    if (kpi.breakdown === 'part' && entry !== undefined) {
      // The frames give the parts in the order they add up: kept, not judged by the KPI's bands.
      const index = partIndex.get(kpi.id) ?? 0;
      partIndex.set(kpi.id, index + 1);
      return partRow(key, row, entry, index, titleOf(row, entry, true, options));
    }
    const value = row.instant ?? (series ? lastNumber(series.values) : undefined);
    const first = series ? firstNumber(series.values) : undefined;
    const latest = series ? lastNumber(series.values) : undefined;
    const change =
      first !== undefined && latest !== undefined && series!.values.length > 1 ? latest - first : undefined;
    const judged = kpi.judgedOn === 'trend' ? row.trend : value;
    const { bands, problem } = bandsOf(kpi, row.config.thresholds, row.trendEdges);
    const trendUnknown = kpi.judgedOn === 'trend' && judged === undefined;
    return {
      key,
      kpi,
      labels,
      entry,
      title: titleOf(row, entry, false, options),
      ...fieldParts(row),
      value,
      series,
      change,
      judged,
      bands,
      state: trendUnknown ? row.backendState : stateOf(bands, judged),
      plan: planFor(kpi, judged, bands),
      ...noticesOf(row, problem),
      reason: value === undefined ? reasonOf(row) : undefined,
    };
  });
}
