/**
 * The engine's answer as Grafana data frames, in the dataplane formats alerting reads: instant values
 * as "numeric-multi" and series as "timeseries-multi", one frame per number (a KPI's value, or each
 * entry of its breakdown), each with one number field labelled {kpi, area, and asset, venue or node
 * where the number is one entry}. One number per frame because the dataplane readers take only a
 * frame's first number field: breakdown entries packed into one frame would be dropped by alerting.
 * A KPI without a value is a null (a notice says why), never a zero. Asked for the state (statistic
 * 'state', what the alert rules ask), each frame's number is its band state (catalogue stateNumber)
 * under the bands this data source judges it by now, beside the same labels as its value's frame.
 */
import {
  planFor,
  resolveBands,
  stateNumber,
  stateOf,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
} from '../../../src/core/catalogue';
import type { EngineAnswer, KpiOutcome, SeriesPoint } from '../../engine';
import type { Field, Frame, FrameMeta, Notice, NumberField } from '../wire/frame';
import { fieldConfigOf, stateFieldConfigOf } from './fieldConfig';
import type { ParsedQuery } from './query';

export const NUMERIC_MULTI = 'numeric-multi';
export const TIMESERIES_MULTI = 'timeseries-multi';
const TYPE_VERSION: [number, number] = [0, 1];

/** One number to show: the KPI's value, or one entry of its breakdown. */
interface Entry {
  key?: string;
  labels: Record<string, string>;
  /** The entry the query asked for is not in the answer: its number is null. */
  missing?: boolean;
}

function labelsOf(kpi: KpiDefinition, key?: string): Record<string, string> {
  const labels: Record<string, string> = { kpi: kpi.id, area: kpi.area };
  if (key !== undefined && kpi.breakdown) {
    labels[kpi.breakdown] = key;
  }
  return labels;
}

/** Does a breakdown key pass the query's asset / venue filter? A venue matches "aave" in "aave:maker". */
function wanted(kpi: KpiDefinition, key: string, query: ParsedQuery): boolean {
  if (kpi.breakdown === 'asset' && query.asset !== undefined) {
    return key === query.asset;
  }
  if ((kpi.breakdown === 'venue' || kpi.breakdown === 'node') && query.venue !== undefined) {
    return key === query.venue || key.split(':')[0] === query.venue;
  }
  return true;
}

function filtered(query: ParsedQuery): boolean {
  return query.asset !== undefined || query.venue !== undefined;
}

/** What stands for a KPI with nothing to show (it failed, or lacks the asked entry): a null, labelled as asked. */
function placeholder(kpi: KpiDefinition, query: ParsedQuery): Entry {
  const asked = kpi.breakdown === 'asset' ? query.asset : query.venue;
  return { key: asked, labels: labelsOf(kpi, asked), missing: true };
}

/**
 * The numbers of a KPI: its breakdown's entries (those the query wants) when it has one, else its value.
 * A decomposition (`part`) is shown beside the value: the value first, then its parts, except for the
 * judged trend (an alert rule's query), which is the value's alone.
 */
function entriesOf(kpi: KpiDefinition, keys: readonly string[], query: ParsedQuery, trend: boolean): Entry[] {
  if (kpi.breakdown === 'part') {
    const parts = trend ? [] : keys.map((key) => ({ key, labels: labelsOf(kpi, key) }));
    return [{ labels: labelsOf(kpi) }, ...parts];
  }
  if (kpi.breakdownIsInformation) {
    // Shares beside the value are no numbers to judge: an alert rule would fire on each (noticesOf says them).
    return [{ labels: labelsOf(kpi) }];
  }
  if (!kpi.breakdown) {
    // Entries beside a value that is not their worst (quote response time's RFQ `probe`) add to it.
    return [{ labels: labelsOf(kpi) }, ...keys.map((key) => ({ key, labels: { ...labelsOf(kpi), entry: key } }))];
  }
  if (keys.length === 0 && !filtered(query)) {
    return [{ labels: labelsOf(kpi) }];
  }
  return keys.filter((key) => wanted(kpi, key, query)).map((key) => ({ key, labels: labelsOf(kpi, key) }));
}

function bandsOf(outcome: KpiOutcome, overrides: BandOverrides, key: string | undefined) {
  if (key === undefined || !outcome.kpi.perAsset) {
    return outcome.bands;
  }
  try {
    return resolveBands(outcome.kpi, overrides, key);
  } catch {
    return outcome.bands;
  }
}

/** State and plan of one number: the engine's own judgement of the KPI, or the entry's under its bands. */
function judgementOf(outcome: KpiOutcome, entry: Entry, value: number | null, overrides: BandOverrides) {
  const { kpi } = outcome;
  const bands = bandsOf(outcome, overrides, entry.key);
  if (entry.key === undefined || kpi.judgedOn === 'trend') {
    return { bands, state: outcome.state, plan: outcome.plan };
  }
  return {
    bands,
    state: outcome.breakdownStates?.[entry.key] ?? stateOf(bands, value),
    plan: planFor(kpi, value, bands),
  };
}

function metaOf(
  type: string,
  outcome: KpiOutcome,
  judgement: { bands: BandStep[]; state?: string; plan?: string },
  notices: Notice[]
): FrameMeta {
  const { kpi, result } = outcome;
  const custom: Record<string, unknown> = {
    kpi: kpi.id,
    area: kpi.area,
    target: kpi.target,
    judgedOn: kpi.judgedOn,
    state: judgement.state ?? null,
    plan: judgement.plan ?? null,
  };
  if (result?.trend !== undefined) {
    custom.trend = result.trend;
  }
  if (kpi.judgedOn === 'trend') {
    // The slope's band edges in force (overrides included): no field threshold can carry them, since
    // thresholds lie on the value the frame holds, not on its slope.
    custom.trendEdges = judgement.bands.slice(1).map((step) => step.from);
  }
  if (result?.parts) {
    custom.parts = result.parts;
  }
  const meta: FrameMeta = { type, typeVersion: TYPE_VERSION, custom };
  if (notices.length > 0) {
    meta.notices = notices;
  }
  return meta;
}

function noticesOf(outcome: KpiOutcome, query: ParsedQuery, entries: readonly Entry[]): Notice[] {
  const notices: Notice[] = [];
  if (outcome.error) {
    notices.push({ severity: 'error', text: `${outcome.kpi.name}: ${outcome.error.message}` });
  }
  if (outcome.result?.note) {
    notices.push({ severity: 'info', text: `${outcome.kpi.name}: ${outcome.result.note}` });
  }
  for (const warning of outcome.result?.warnings ?? []) {
    notices.push({ severity: 'warning', text: `${outcome.kpi.name}: ${warning}` });
  }
  const breakdown = outcome.result?.breakdown;
  if (outcome.kpi.breakdownIsInformation && breakdown && Object.keys(breakdown).length > 0) {
    const suffix = outcome.kpi.unit === 'percent' ? ' %' : '';
    const listed = Object.entries(breakdown).map(([key, value]) => `${key} ${value.toFixed(1)}${suffix}`);
    notices.push({ severity: 'info', text: `${outcome.kpi.name}, every entry: ${listed.join(', ')}` });
  }
  if (!outcome.error && entries.length === 0 && filtered(query)) {
    const wantedEntry = query.asset ?? query.venue;
    notices.push({ severity: 'warning', text: `${outcome.kpi.name}: no entry for "${wantedEntry}" in this range` });
  }
  return notices;
}

function frameName(kpi: KpiDefinition, entry: Entry): string {
  return entry.key === undefined ? kpi.id : `${kpi.id}:${entry.key}`;
}

function numberOrNull(value: number | null | undefined): number | null {
  return value === undefined || value === null || Number.isNaN(value) ? null : value;
}

/** The number a frame's state is judged on: the whole-range value, an entry's, or the trend when asked for. */
function judgedNumber({ result }: KpiOutcome, entry: Entry, judgedTrend: boolean): number | null {
  if (entry.missing) {
    return null;
  }
  if (judgedTrend) {
    return numberOrNull(result?.trend);
  }
  return numberOrNull(entry.key === undefined ? result?.value : result?.breakdown?.[entry.key]);
}

/**
 * What sets an instant frame apart from a range frame; everything else (entries, labels, judgement,
 * unit, thresholds, links, notices) is built once, by kpiFrames.
 */
interface FrameView {
  type: typeof NUMERIC_MULTI | typeof TIMESERIES_MULTI;
  /** The breakdown entries the answer holds for the KPI. */
  keys: readonly string[];
  /** Notices besides the KPI's own (a range's points without a value). */
  notices: readonly Notice[];
  /** The query asked for the judged slope (instant queries only): a trend KPI's number is its trend. */
  trend: boolean;
  /** The query asked for the state (instant queries only): each number is its judged state's number. */
  state: boolean;
  /** The sample times of a time series; none for an instant value. */
  times?: number[];
  /** The number field's values, given the entry and the number its state is judged on. */
  values(entry: Entry, judged: number | null): Array<number | null>;
}

/** The frames of one KPI: one per number, each judged, labelled and configured from the catalogue. */
function kpiFrames(outcome: KpiOutcome, query: ParsedQuery, overrides: BandOverrides, view: FrameView): Frame[] {
  const { kpi } = outcome;
  const entries = entriesOf(kpi, view.keys, query, view.trend);
  const notices = [...noticesOf(outcome, query, entries), ...view.notices];
  const shown = entries.length > 0 ? entries : [placeholder(kpi, query)];
  return shown.map((entry, i) => {
    const judgedTrend = view.trend && kpi.judgedOn === 'trend' && entry.key === undefined;
    const judged = judgedNumber(outcome, entry, judgedTrend);
    const judgement = judgementOf(outcome, entry, judged, overrides);
    const number: NumberField = {
      type: 'number',
      name: kpi.id,
      labels: entry.labels,
      config: view.state
        ? stateFieldConfigOf(kpi, entry.key)
        : fieldConfigOf({ kpi, bands: judgement.bands, plan: judgement.plan, entry: entry.key, judgedTrend }),
      values: view.state ? [stateNumber(judgement.bands, judged, judgement.state)] : view.values(entry, judged),
    };
    const time: Field[] = view.times ? [{ type: 'time', name: 'time', values: [...view.times] }] : [];
    return {
      name: frameName(kpi, entry),
      refId: query.refId,
      // Notices once per KPI, on its first frame.
      meta: metaOf(view.type, outcome, judgement, i === 0 ? notices : []),
      fields: [...time, number],
    };
  });
}

/** One numeric-multi frame per number of each KPI; a KPI that failed is one null with the error as a notice. */
export function instantFrames(answer: EngineAnswer, query: ParsedQuery, overrides: BandOverrides = {}): Frame[] {
  return answer.outcomes.flatMap((outcome) =>
    kpiFrames(outcome, query, overrides, {
      type: NUMERIC_MULTI,
      keys: Object.keys(outcome.result?.breakdown ?? {}),
      notices: [],
      // A trend KPI's state is its trend's: the state is judged on the number the bands judge.
      trend: query.trend === true || query.state === true,
      state: query.state === true,
      values: (_entry, judged) => [judged],
    })
  );
}

function pointValue(point: SeriesPoint, key: string | undefined): number | null {
  return numberOrNull(key === undefined ? point.result?.value : point.result?.breakdown?.[key]);
}

function pointNotices(kpi: KpiDefinition, series: readonly SeriesPoint[]): Notice[] {
  const failed = series.filter((point) => point.error);
  if (failed.length === 0) {
    return [];
  }
  return [
    {
      severity: 'warning',
      text: `${kpi.name}: ${failed.length} of ${series.length} points have no value: ${failed[0].error?.message}`,
    },
  ];
}

/** The entries of a KPI's series: those of its points, in time order, then any only in its whole-range value. */
function seriesKeys(outcome: KpiOutcome, series: readonly SeriesPoint[]): string[] {
  const keys = new Set<string>();
  for (const point of series) {
    Object.keys(point.result?.breakdown ?? {}).forEach((key) => keys.add(key));
  }
  Object.keys(outcome.result?.breakdown ?? {}).forEach((key) => keys.add(key));
  return [...keys];
}

/** One timeseries-multi frame (time + one number field) per number of each KPI, at the engine's sample points. */
export function rangeFrames(answer: EngineAnswer, query: ParsedQuery, overrides: BandOverrides = {}): Frame[] {
  return answer.outcomes.flatMap((outcome) => {
    const series = answer.series.get(outcome.kpi.id) ?? [];
    return kpiFrames(outcome, query, overrides, {
      type: TIMESERIES_MULTI,
      keys: seriesKeys(outcome, series),
      notices: outcome.error ? [] : pointNotices(outcome.kpi, series),
      trend: false,
      state: false,
      times: series.map((point) => point.timeMs),
      values: (entry) => series.map((point) => (entry.missing ? null : pointValue(point, entry.key))),
    });
  });
}
