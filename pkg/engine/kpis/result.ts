/** What a KPI formula returns, and how formulas take the dataset's parts. */
import { DAY_MS } from '../../../src/core/time';
import { PmmError } from '../../../src/core/errors';
import type { Snapshot, Window } from '../model';
import { itemsIn, lastAtOrBefore, timeMsOf } from './timeIndex';

export interface KpiResult {
  /** null where the KPI is undefined over the window (no events, no block, a zero denominator): never 0 then. */
  value: number | null;
  /** Per asset, venue or node, as the catalogue's `breakdown` says. */
  breakdown?: Record<string, number>;
  /** For KPIs judged on their trend: the slope per day. */
  trend?: number | null;
  /** Side figures (components, counts) that explain the value. */
  parts?: Record<string, number>;
  note?: string;
  /** Shown as warnings beside the value (e.g. a flagged price it was valued at: evaluate/priceWarnings.ts). */
  warnings?: string[];
}

/** A dataset part, or its source's failure thrown so that only the KPIs reading it fail. */
export function need<T>(part: T | PmmError): T {
  if (part instanceof PmmError) {
    throw part;
  }
  return part;
}

/** The items timed in the window, in time order (found by binary search: see timeIndex.ts). */
export function inWindow<T extends { timeMs: number }>(items: readonly T[], window: Window): T[] {
  return itemsIn(items, timeMsOf, window);
}

/** The state a window ends in: the latest snapshot at or before its end. */
export function stateAt(snapshots: readonly Snapshot[], window: Window): Snapshot | undefined {
  return lastAtOrBefore(snapshots, timeMsOf, window.toMs);
}

export function windowDays(window: Window): number {
  return (window.toMs - window.fromMs) / DAY_MS;
}

export const NO_STATE: KpiResult = { value: null, note: 'no block at or before the range end' };
export const NO_BLOCKS: KpiResult = { value: null, note: 'no block in the range' };

export { DAY_MS };
