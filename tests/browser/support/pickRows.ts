/**
 * Picks fixture frames by what the catalogue says of them, without any panel code: each instant
 * number's label set, value, and the state and plan src/core/catalogue gives that value. Scenes use it to
 * choose what to show; checks use it to know what the user must see.
 */
import type { DataFrameJSON } from '@grafana/data';

import {
  findKpi,
  planFor,
  resolveBands,
  stateOf,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import type { BrowserFixtures } from '../fixtures';

export interface ExpectedEntry {
  kpi: KpiDefinition;
  labels: Record<string, string>;
  /** The breakdown entry (asset, venue or node, or `entry` beside a value), '' for a KPI's single value. */
  entry: string;
  value: number | null;
  /** What the bands judge: the value, or the slope per day the frame's meta carries. */
  judged: number | null;
  /** The catalogue's bands, with the data source's band overrides applied as the backend applies them. */
  bands: BandStep[];
  state?: State;
  plan?: PlanId;
}

function numberField(frame: DataFrameJSON): { index: number; labels: Record<string, string> } {
  const index = frame.schema?.fields.findIndex((field) => field.type === 'number') ?? -1;
  if (index < 0) {
    throw new Error(`frame ${frame.schema?.name ?? '?'} has no number field`);
  }
  return { index, labels: frame.schema?.fields[index].labels ?? {} };
}

export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Every instant number of the fixtures, judged by the catalogue's bands (and the settings' overrides). */
export function expectedEntries(fixtures: BrowserFixtures): ExpectedEntry[] {
  return fixtures.instant.frames.map((frame) => {
    const { index, labels } = numberField(frame);
    const kpi = findKpi(labels.kpi);
    if (!kpi) {
      throw new Error(`frame labelled kpi=${labels.kpi} names no catalogue KPI`);
    }
    const raw: unknown = frame.data?.values[index]?.[0];
    const value = typeof raw === 'number' ? raw : null;
    const trend: unknown = (frame.schema?.meta?.custom as Record<string, unknown> | undefined)?.trend;
    const judged = kpi.judgedOn === 'trend' ? (typeof trend === 'number' ? trend : null) : value;
    // A KPI without a breakdown may still carry an entry beside its value (the RFQ probe), labelled `entry`.
    const entry = kpi.breakdown ? (labels[kpi.breakdown] ?? '') : (labels.entry ?? '');
    if (kpi.breakdown === 'part' && entry !== '') {
      // A part of a decomposition (total PnL's spread, gas, ...) is information: no band judges it.
      return { kpi, labels, entry, value, judged: null, bands: [] };
    }
    const bands = resolveBands(kpi, fixtures.settings.bandOverrides ?? {}, kpi.perAsset ? entry : undefined);
    return {
      kpi,
      labels,
      entry,
      value,
      judged,
      bands,
      state: stateOf(bands, judged),
      plan: planFor(kpi, judged, bands),
    };
  });
}

/** The instant and range frames of one label set. */
export function framesOfEntry(fixtures: BrowserFixtures, labels: Record<string, string>): DataFrameJSON[] {
  return [...fixtures.instant.frames, ...fixtures.range.frames].filter((frame) =>
    sameLabels(numberField(frame).labels, labels)
  );
}

/** How many numbers the range answer of one label set holds (0 without a range frame). */
export function rangeNumbers(fixtures: BrowserFixtures, labels: Record<string, string>): number {
  const frame = fixtures.range.frames.find((candidate) => sameLabels(numberField(candidate).labels, labels));
  if (!frame) {
    return 0;
  }
  const values: unknown[] = frame.data?.values[numberField(frame).index] ?? [];
  return values.filter((value) => typeof value === 'number').length;
}

/** The band's outer edges (the first and last step's `from`), for entries that have bands. */
function outerEdges(entry: ExpectedEntry): [number, number] {
  const edges = entry.bands.slice(1).map((step) => step.from as number);
  return [edges[0], edges[edges.length - 1]];
}

/**
 * How far the judged value lies beyond the band's outer edges, in multiples of the distance between
 * them (0 inside the edges), or -1 for a number with nothing to judge.
 */
export function beyondBand(entry: ExpectedEntry): number {
  if (entry.judged === null || entry.bands.length < 2) {
    return -1;
  }
  const [first, last] = outerEdges(entry);
  const span = last - first;
  return Math.max(0, first - entry.judged, entry.judged - last) / span;
}

/** How deep inside its ok zone an ok value lies, in multiples of the band's span between outer edges. */
function depthInOk(entry: ExpectedEntry): number {
  if (entry.state !== 'ok' || entry.judged === null) {
    return -1;
  }
  const okIndex = entry.bands.findIndex((step) => step.state === 'ok');
  const from = entry.bands[okIndex].from;
  const to = entry.bands[okIndex + 1]?.from ?? null;
  const [first, last] = outerEdges(entry);
  const below = from === null ? Infinity : entry.judged - from;
  const above = to === null ? Infinity : to - entry.judged;
  return Math.min(below, above) / (last - first);
}

/** A single panel of the singles scene: what it shows, and why it was picked. */
export interface SinglePick {
  role: 'ok' | 'warning' | 'critical' | 'far inside' | 'far outside' | 'no data';
  entry: ExpectedEntry;
}

/**
 * The singles scene's panels, chosen by the catalogue's judgement: the first entry in each state, the
 * ok value deepest inside its zone, the value farthest beyond its band, and the first without a value.
 */
export function singlePicks(fixtures: BrowserFixtures): SinglePick[] {
  const entries = expectedEntries(fixtures);
  const best = (score: (entry: ExpectedEntry) => number) =>
    entries.reduce<ExpectedEntry | undefined>(
      (top, entry) => (!top || score(entry) > score(top) ? entry : top),
      undefined
    );
  const picks: SinglePick[] = [];
  for (const state of ['ok', 'warning', 'critical'] as const) {
    const entry = entries.find((candidate) => candidate.state === state);
    if (entry) {
      picks.push({ role: state, entry });
    }
  }
  const inside = best(depthInOk);
  if (inside && depthInOk(inside) > 0) {
    picks.push({ role: 'far inside', entry: inside });
  }
  const outside = best(beyondBand);
  if (outside && beyondBand(outside) > 0) {
    picks.push({ role: 'far outside', entry: outside });
  }
  const missing = entries.find((entry) => entry.value === null && entry.bands.length > 0);
  if (missing) {
    picks.push({ role: 'no data', entry: missing });
  }
  return picks;
}

/** A query that failed as a whole: the panel has no frame, only Grafana's error. */
export const QUERY_ERROR = 'PMM Monitor: the backend did not answer within 30 s (deadline exceeded)';

/** The error the errored panel's data source reports (a failed source, as the backend writes it). */
export const ERROR_TEXT =
  'Settlement success rate: rpc: the node did not answer eth_getTransactionReceipt (ECONNREFUSED)';

/**
 * A KPI whose source failed, as the backend answers it: its instant frame with a null value and an
 * error notice, and no range frame (the fixtures' world has no failing source, so the scenes make one).
 */
export function erroredFrames(fixtures: BrowserFixtures): { entry: ExpectedEntry; frames: DataFrameJSON[] } {
  const entry = expectedEntries(fixtures).find((candidate) => candidate.kpi.id === 'settlement_success');
  if (!entry) {
    throw new Error('the fixtures have no settlement_success frame to fail');
  }
  const [instant] = framesOfEntry(fixtures, entry.labels).filter((frame) => fixtures.instant.frames.includes(frame));
  const failed = JSON.parse(JSON.stringify(instant)) as DataFrameJSON;
  const { index } = numberField(failed);
  failed.data!.values[index] = [null];
  failed.schema!.meta = {
    ...failed.schema!.meta,
    custom: { ...(failed.schema!.meta?.custom as Record<string, unknown>), state: null, plan: null },
    notices: [{ severity: 'error', text: ERROR_TEXT }],
  };
  return { entry: { ...entry, value: null, judged: null, state: undefined, plan: undefined }, frames: [failed] };
}
