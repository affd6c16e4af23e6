/**
 * The engine's answer as Grafana data frames, in the dataplane formats alerting reads: instant values
 * as "numeric-multi" and series as "timeseries-multi", one frame per number (a KPI's value, or each
 * entry of its breakdown), each with one number field labelled {kpi, area, and asset, venue or node
 * where the number is one entry}. One number per frame because the dataplane readers take only a
 * frame's first number field: breakdown entries packed into one frame would be dropped by alerting.
 * A KPI without a value is a null (a notice says why), never a zero.
 */
import { planFor, resolveBands, stateOf, type BandOverrides, type KpiDefinition } from '../../../src/core/catalogue';
import type { EngineAnswer, KpiOutcome, SeriesPoint } from '../../engine';
import type { Frame, FrameMeta, Notice } from '../wire/frame';
import { fieldConfigOf } from './fieldConfig';
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

/** The numbers of a KPI: its breakdown's entries (those the query wants) when it has one, else its value. */
function entriesOf(kpi: KpiDefinition, keys: readonly string[], query: ParsedQuery): Entry[] {
  if (!kpi.breakdown || (keys.length === 0 && !filtered(query))) {
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
  judgement: { state?: string; plan?: string },
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
  if (!outcome.error && entries.length === 0 && filtered(query)) {
    const wantedEntry = query.asset ?? query.venue;
    notices.push({ severity: 'warning', text: `${outcome.kpi.name}: no entry for "${wantedEntry}" in this range` });
  }
  return notices;
}

function frameName(kpi: KpiDefinition, entry: Entry): string {
  return entry.key === undefined ? kpi.id : `${kpi.id}:${entry.key}`;
}

/** One numeric-multi frame per number of each KPI; a KPI that failed is one null with the error as a notice. */
export function instantFrames(answer: EngineAnswer, query: ParsedQuery, overrides: BandOverrides = {}): Frame[] {
  const frames: Frame[] = [];
  for (const outcome of answer.outcomes) {
    const { kpi, result } = outcome;
    const breakdown = result?.breakdown ?? {};
    const entries = entriesOf(kpi, Object.keys(breakdown), query);
    const notices = noticesOf(outcome, query, entries);
    const shown = entries.length > 0 ? entries : [placeholder(kpi, query)];
    shown.forEach((entry, i) => {
      const judgedTrend = query.trend && kpi.judgedOn === 'trend' && entry.key === undefined;
      const raw = entry.missing
        ? null
        : judgedTrend
          ? result?.trend
          : entry.key === undefined
            ? result?.value
            : breakdown[entry.key];
      const value = raw === undefined || raw === null || Number.isNaN(raw) ? null : raw;
      const judgement = judgementOf(outcome, entry, value, overrides);
      frames.push({
        name: frameName(kpi, entry),
        refId: query.refId,
        // Notices once per KPI, on its first frame.
        meta: metaOf(NUMERIC_MULTI, outcome, judgement, i === 0 ? notices : []),
        fields: [
          {
            type: 'number',
            name: kpi.id,
            labels: entry.labels,
            config: fieldConfigOf({
              kpi,
              bands: judgement.bands,
              plan: judgement.plan,
              entry: entry.key,
              judgedTrend,
            }),
            values: [value],
          },
        ],
      });
    });
  }
  return frames;
}

function pointValue(point: SeriesPoint, key: string | undefined): number | null {
  const value = key === undefined ? point.result?.value : point.result?.breakdown?.[key];
  return value === undefined || value === null || Number.isNaN(value) ? null : value;
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

/** One timeseries-multi frame (time + one number field) per number of each KPI, at the engine's sample points. */
export function rangeFrames(answer: EngineAnswer, query: ParsedQuery, overrides: BandOverrides = {}): Frame[] {
  const frames: Frame[] = [];
  for (const outcome of answer.outcomes) {
    const { kpi } = outcome;
    const series = answer.series.get(kpi.id) ?? [];
    const keys = new Set<string>();
    for (const point of series) {
      Object.keys(point.result?.breakdown ?? {}).forEach((key) => keys.add(key));
    }
    Object.keys(outcome.result?.breakdown ?? {}).forEach((key) => keys.add(key));
    const entries = entriesOf(kpi, [...keys], query);
    const notices = [...noticesOf(outcome, query, entries), ...(outcome.error ? [] : pointNotices(kpi, series))];
    const shown = entries.length > 0 ? entries : [placeholder(kpi, query)];
    shown.forEach((entry, i) => {
      const whole = entry.missing
        ? null
        : entry.key === undefined
          ? outcome.result?.value
          : outcome.result?.breakdown?.[entry.key];
      const judgement = judgementOf(outcome, entry, whole ?? null, overrides);
      frames.push({
        name: frameName(kpi, entry),
        refId: query.refId,
        meta: metaOf(TIMESERIES_MULTI, outcome, judgement, i === 0 ? notices : []),
        fields: [
          { type: 'time', name: 'time', values: series.map((point) => point.timeMs) },
          {
            type: 'number',
            name: kpi.id,
            labels: entry.labels,
            config: fieldConfigOf({
              kpi,
              bands: judgement.bands,
              plan: judgement.plan,
              entry: entry.key,
            }),
            values: series.map((point) => (entry.missing ? null : pointValue(point, entry.key))),
          },
        ],
      });
    });
  }
  return frames;
}
