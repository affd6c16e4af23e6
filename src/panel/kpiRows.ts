/**
 * Turns query frames into one row per KPI number: the KPI (from the field's `kpi` label or its name),
 * its breakdown entry (asset, venue or node), the value, the series over the range, the bands in force,
 * the state and the plan that state opens. Rows are keyed by the field's full label set, so the venue
 * and node entries of one KPI stay apart, and an instant frame and a range frame of the same number
 * merge into one row: the instant value (the whole range) is the value, the range gives the sparkline.
 * Pure, so it is tested without rendering.
 */
import { FieldType, type DataFrame, type Field, type FieldConfig, type Labels } from '@grafana/data';

import {
  findKpi,
  planFor,
  stateOf,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../core/catalogue';
import { bandsOf } from './bandsOfField';

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
  /** The field's config as the data source wrote it (unit, decimals, min, max, links). */
  config: FieldConfig;
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
  instant?: number;
  series?: KpiSeries;
  trend?: number;
  /** The data source's own state, for a trend KPI whose slope the frames do not carry. */
  backendState?: State;
  notices: string[];
  noticeLevel?: NoticeLevel;
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
    const notices = (frame.meta?.notices ?? []).map((notice) => notice.text);
    // Grafana's notices name their severity; one without is taken as a warning.
    const level = (frame.meta?.notices ?? []).reduce<NoticeLevel | undefined>(
      (worst, notice) =>
        graver(worst, notice.severity === 'info' || notice.severity === 'error' ? notice.severity : 'warning'),
      undefined
    );
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const kpi = findKpi(field.labels?.kpi ?? field.name);
      if (!kpi) {
        continue;
      }
      const key = labelKey(kpi.id, field.labels);
      const row = rows.get(key) ?? { kpi, labels: { ...field.labels, kpi: kpi.id }, config: field.config, notices: [] };
      row.notices.push(...notices.filter((text) => !row.notices.includes(text)));
      row.noticeLevel = graver(row.noticeLevel, level);
      if (finite(custom.trend)) {
        row.trend = custom.trend;
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
      }
      rows.set(key, row);
    }
  }
  return rows;
}

function partRow(key: string, row: Gathered, entry: string, index: number): KpiRow {
  const value = row.instant ?? (row.series ? lastNumber(row.series.values) : undefined);
  return {
    key,
    kpi: row.kpi,
    labels: row.labels,
    entry,
    partIndex: index,
    config: row.config,
    value,
    series: row.series,
    bands: [],
    notices: [],
  };
}

export function kpiRows(frames: readonly DataFrame[], overrides: BandOverrides = {}): KpiRow[] {
  const partIndex = new Map<string, number>();
  return [...gather(frames)].map(([key, row]) => {
    const { kpi, labels, series } = row;
    // A KPI without a breakdown may still show an entry beside its value (the RFQ probe), labelled `entry`.
    const entry = kpi.breakdown ? labels[kpi.breakdown] : labels.entry;
    if (kpi.breakdown === 'part' && entry !== undefined) {
      // The frames give the parts in the order they add up: kept, not judged by the KPI's bands.
      const index = partIndex.get(kpi.id) ?? 0;
      partIndex.set(kpi.id, index + 1);
      return partRow(key, row, entry, index);
    }
    const value = row.instant ?? (series ? lastNumber(series.values) : undefined);
    const first = series ? firstNumber(series.values) : undefined;
    const latest = series ? lastNumber(series.values) : undefined;
    const change =
      first !== undefined && latest !== undefined && series!.values.length > 1 ? latest - first : undefined;
    const judged = kpi.judgedOn === 'trend' ? row.trend : value;
    const bands = bandsOf(kpi, row.config.thresholds, overrides, entry);
    const trendUnknown = kpi.judgedOn === 'trend' && judged === undefined;
    return {
      key,
      kpi,
      labels,
      entry,
      config: row.config,
      value,
      series,
      change,
      judged,
      bands,
      state: trendUnknown ? row.backendState : stateOf(bands, judged),
      plan: planFor(kpi, judged, bands),
      notices: row.notices,
      noticeLevel: row.noticeLevel,
    };
  });
}
