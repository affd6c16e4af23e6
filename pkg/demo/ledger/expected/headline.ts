/**
 * The one value a broken-down KPI shows: its worst entry under the catalogue's bands — the most severe
 * state first, then the farthest from the ok range; among entries all ok, the one nearest trouble
 * (lowest for "higher is better", highest for "lower is better", farthest from the ok band's middle for
 * a band).
 */
import { findKpi, okRange, stateOf, type State } from '../../../../src/catalogue';
import { PmmError } from '../../../../src/errors';
import type { KpiId } from './types';

const SEVERITY: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

export function worstOf(kpiId: KpiId, breakdown: Record<string, number>): number | null {
  const kpi = findKpi(kpiId);
  if (!kpi) {
    throw new PmmError('expected KPIs', `${kpiId} is not in the catalogue`);
  }
  const [low, high] = okRange(kpi.bands);
  const distance = (value: number) => {
    if (low !== null && value < low) {
      return low - value;
    }
    if (high !== null && value >= high) {
      return value - high;
    }
    if (kpi.direction === 'higher') {
      return -value;
    }
    if (kpi.direction === 'lower') {
      return value;
    }
    return low !== null && high !== null ? Math.abs(value - (low + high) / 2) : 0;
  };
  // Outside the ok range a distance is positive; inside, the tie-break above can be negative.
  const badness = (value: number) => [SEVERITY[stateOf(kpi.bands, value) ?? 'ok'], distance(value)] as const;
  let worst: number | null = null;
  for (const value of Object.values(breakdown)) {
    if (worst === null) {
      worst = value;
      continue;
    }
    const [s, d] = badness(value);
    const [ws, wd] = badness(worst);
    if (s > ws || (s === ws && d > wd)) {
      worst = value;
    }
  }
  return worst;
}
