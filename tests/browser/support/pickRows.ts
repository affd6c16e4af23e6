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
  /** The breakdown entry (asset, venue or node), '' for a KPI's single value. */
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
    const entry = kpi.breakdown ? (labels[kpi.breakdown] ?? '') : '';
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
