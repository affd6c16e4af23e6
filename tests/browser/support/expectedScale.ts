/**
 * Where a value must sit on a KPI's band, worked out again from the rule in words (the "the
 * scale always holds the value", as src/panel/bandScale.ts states it) without the panel's code, for
 * the checks: the band runs from the
 * low end to the high end; each end is the KPI's natural bound when that bound lies within twice the
 * neighbouring zone's width of the outer edge, else the outer edge moved out by that neighbour's width;
 * a value beyond an end moves it to the value plus a tenth of the value's distance to the other end,
 * held at the natural bound.
 */
import type { KpiDefinition } from '../../../src/core/catalogue';
import type { ExpectedEntry } from './pickRows';

export interface ExpectedScale {
  low: number;
  high: number;
  /** Fraction (0–1) of the band's width at which a value sits. */
  at(value: number): number;
}

export function expectedScale(entry: ExpectedEntry, kpi: KpiDefinition = entry.kpi): ExpectedScale {
  const edges = entry.bands.slice(1).map((step) => step.from as number);
  const n = edges.length;
  const lowNeighbour = edges[1] - edges[0];
  const highNeighbour = edges[n - 1] - edges[n - 2];
  let low = edges[0] - lowNeighbour;
  if (kpi.min !== undefined && kpi.min <= edges[0] && edges[0] - kpi.min <= 2 * lowNeighbour) {
    low = kpi.min;
  }
  let high = edges[n - 1] + highNeighbour;
  if (kpi.max !== undefined && kpi.max >= edges[n - 1] && kpi.max - edges[n - 1] <= 2 * highNeighbour) {
    high = kpi.max;
  }
  const value = entry.judged;
  if (value !== null && value < low) {
    low = value - (high - value) / 10;
    if (kpi.min !== undefined && kpi.min <= value && low < kpi.min) {
      low = kpi.min;
    }
  }
  if (value !== null && value > high) {
    high = value + (value - low) / 10;
    if (kpi.max !== undefined && kpi.max >= value && high > kpi.max) {
      high = kpi.max;
    }
  }
  return { low, high, at: (v) => (v - low) / (high - low) };
}
