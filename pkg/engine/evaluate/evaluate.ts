/**
 * Runs the catalogue's KPIs over a dataset: each KPI's value, breakdown and state for the whole
 * window, and its series at sample points. A KPI whose source failed is an error for that KPI alone,
 * naming the source and the cause; the others still get their values.
 */
import {
  KPIS,
  resolveBands,
  stateOf,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import { REGISTRY, type KpiResult } from '../kpis';
import { DAY_MS, stateAt } from '../kpis/result';
import type { Dataset, Window } from '../model';
import { entryBands, headlineOf, worstOf } from './headline';
import { flagsUsed, priceWarnings, readsPrices } from './priceWarnings';

export interface KpiOutcome {
  kpi: KpiDefinition;
  /** The bands the headline is judged under: for a per-asset KPI, those of the asset it is (headline.ts). */
  bands: BandStep[];
  /** The breakdown entry the headline is, for a per-asset KPI. */
  headlineEntry?: string;
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
  worst: (breakdown: Record<string, number>) => number | null
): { result?: KpiResult; error?: PmmError } {
  try {
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

/** Warnings for the flagged prices (stale, fallen back, off CoinGecko) the KPI was valued at. */
function flaggedPrices(kpi: KpiDefinition, data: Dataset, window: Window): string[] {
  const { needs } = REGISTRY[kpi.id];
  if (!data.priceFlags || data.priceFlags.length === 0 || !readsPrices(needs)) {
    return [];
  }
  const snapshots = Array.isArray(data.snapshots) ? data.snapshots : [];
  const state = needs.includes('snapshots') || needs.includes('priceHistory') ? stateAt(snapshots, window) : undefined;
  // The look-back days: the history's points that are not the query's own state blocks.
  const own = new Set(snapshots.map((s) => s.timeMs));
  const history =
    needs.includes('priceHistory') && Array.isArray(data.priceHistory)
      ? data.priceHistory.map((p) => p.timeMs).filter((t) => !own.has(t))
      : [];
  return priceWarnings(flagsUsed(data.priceFlags, { window, stateTimeMs: state?.timeMs, historyTimesMs: history }));
}

export function evaluateKpi(
  kpi: KpiDefinition,
  data: Dataset,
  window: Window,
  overrides: BandOverrides = {}
): KpiOutcome {
  const { result, error } = run(kpi, data, window, worstOf(kpi, overrides));
  if (!result) {
    return { kpi, bands: resolveBands(kpi, overrides), error };
  }
  const late = lateState(kpi, data, window);
  if (late) {
    result.note = result.note ? `${result.note}; ${late}` : late;
  }
  const warnings = flaggedPrices(kpi, data, window);
  if (warnings.length > 0) {
    result.warnings = [...(result.warnings ?? []), ...warnings];
  }
  const headline = headlineOf(kpi, result, overrides);
  const outcome: KpiOutcome = {
    kpi,
    bands: headline.bands,
    ...(headline.entry !== undefined ? { headlineEntry: headline.entry } : {}),
    result,
    state: headline.state,
    plan: headline.plan,
  };
  // A decomposition's parts (total PnL's) explain the value: the KPI's bands do not judge them.
  if (result.breakdown && kpi.breakdown !== 'part' && !kpi.breakdownIsInformation) {
    const states: Record<string, State> = {};
    for (const [key, value] of Object.entries(result.breakdown)) {
      const state = stateOf(entryBands(kpi, overrides, key), value);
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
  const worst = worstOf(kpi, overrides);
  if (kpi.measuredAtQueryTime) {
    // A measurement of now has no history: one point at the range's end when that is now, else none
    // (its outcome's note says why), never today's value drawn across the past.
    return data.measuredNow ? [{ timeMs: range.toMs, ...run(kpi, data, range, worst) }] : [];
  }
  return points.map((timeMs, i) => ({ timeMs, ...run(kpi, data, pointWindow(kpi, range, points, i), worst) }));
}
