/**
 * Runs the catalogue's KPIs over a dataset: each KPI's value, breakdown and state for the whole
 * window, and its series at sample points. A KPI whose source failed is an error for that KPI alone,
 * naming the source and the cause; the others still get their values.
 */
import {
  KPIS,
  planFor,
  resolveBands,
  stateOf,
  worstEntry,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import { REGISTRY, type KpiResult } from '../kpis';
import { DAY_MS } from '../kpis/result';
import type { Dataset, Window } from '../model';

export interface KpiOutcome {
  kpi: KpiDefinition;
  bands: BandStep[];
  result?: KpiResult;
  error?: PmmError;
  /** Judged on the value, or on the trend for trend KPIs; undefined when there is nothing to judge. */
  state?: State;
  plan?: PlanId;
  /** State of each breakdown entry under its own (possibly per-asset) bands. */
  breakdownStates?: Record<string, State>;
}

export interface SeriesPoint {
  timeMs: number;
  result?: KpiResult;
  error?: PmmError;
}

function run(
  kpi: KpiDefinition,
  data: Dataset,
  window: Window,
  bands: BandStep[]
): { result?: KpiResult; error?: PmmError } {
  try {
    const worst = (breakdown: Record<string, number>) => worstEntry(kpi, Object.values(breakdown), bands);
    return { result: REGISTRY[kpi.id].formula({ data, window, worst }) };
  } catch (error) {
    return {
      error:
        error instanceof PmmError
          ? error
          : new PmmError('engine', `${kpi.id} failed: ${error instanceof Error ? error.message : String(error)}`, {
              cause: error,
            }),
    };
  }
}

/**
 * Why a state KPI's range is shorter than asked, when it is: the first state read is after the range's
 * start (it began before the chain, or before the contracts that value holdings existed: see
 * gather/deployment/). Otherwise a series starting late on a dashboard would be a mystery.
 */
function lateState(kpi: KpiDefinition, data: Dataset, window: Window): string | undefined {
  const first = Array.isArray(data.snapshots) ? data.snapshots[0] : undefined;
  if (!first || first.timeMs <= window.fromMs || !REGISTRY[kpi.id].needs.includes('snapshots')) {
    return undefined;
  }
  return `state from ${new Date(first.timeMs).toISOString()} (block ${first.blockNumber}) on: nothing to value before it`;
}

export function evaluateKpi(
  kpi: KpiDefinition,
  data: Dataset,
  window: Window,
  overrides: BandOverrides = {}
): KpiOutcome {
  const bands = resolveBands(kpi, overrides);
  const { result, error } = run(kpi, data, window, bands);
  if (!result) {
    return { kpi, bands, error };
  }
  const late = lateState(kpi, data, window);
  if (late) {
    result.note = result.note ? `${result.note}; ${late}` : late;
  }
  const judged = kpi.judgedOn === 'trend' ? result.trend : result.value;
  const outcome: KpiOutcome = { kpi, bands, result, state: stateOf(bands, judged), plan: planFor(kpi, judged, bands) };
  if (result.breakdown) {
    const states: Record<string, State> = {};
    for (const [key, value] of Object.entries(result.breakdown)) {
      const state = stateOf(kpi.perAsset ? resolveBands(kpi, overrides, key) : bands, value);
      if (state) {
        states[key] = state;
      }
    }
    outcome.breakdownStates = states;
  }
  return outcome;
}

export function evaluateAll(
  data: Dataset,
  window: Window,
  overrides: BandOverrides = {},
  kpis: readonly KpiDefinition[] = KPIS
): KpiOutcome[] {
  return kpis.map((kpi) => evaluateKpi(kpi, data, window, overrides));
}

/** The window a series point covers, as the KPI's series rule in the registry says. */
export function pointWindow(kpi: KpiDefinition, range: Window, points: readonly number[], i: number): Window {
  const toMs = points[i];
  switch (REGISTRY[kpi.id].series) {
    case 'sinceStart':
      return { fromMs: range.fromMs, toMs };
    case 'day':
      return { fromMs: toMs - DAY_MS, toMs };
    case 'bucket':
      return { fromMs: i === 0 ? range.fromMs : points[i - 1], toMs };
  }
}

export function evaluateSeries(
  kpi: KpiDefinition,
  data: Dataset,
  range: Window,
  points: readonly number[],
  overrides: BandOverrides = {}
): SeriesPoint[] {
  const bands = resolveBands(kpi, overrides);
  if (kpi.measuredAtQueryTime) {
    // A measurement of now has no history: one point at the range's end when that is now, else none
    // (its outcome's note says why), never today's value drawn across the past.
    return data.measuredNow ? [{ timeMs: range.toMs, ...run(kpi, data, range, bands) }] : [];
  }
  return points.map((timeMs, i) => ({ timeMs, ...run(kpi, data, pointWindow(kpi, range, points, i), bands) }));
}
