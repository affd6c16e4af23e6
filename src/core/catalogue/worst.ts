/**
 * The one value a broken-down KPI shows (per asset, venue, node): its worst entry under the bands —
 * the most severe state first, then the farthest from the ok range; among entries all ok, the one
 * nearest trouble (lowest for "higher is better", highest for "lower is better", farthest from the ok
 * band's middle for a band). A catalogue rule, so the engine, the panel and the ledger agree on it.
 */
import { okRange, stateOf } from './bands';
import type { BandStep, KpiDefinition, State } from './types';

const SEVERITY: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

export function worstEntry(
  kpi: Pick<KpiDefinition, 'direction' | 'bands'>,
  values: Iterable<number>,
  bands: readonly BandStep[] = kpi.bands
): number | null {
  const [low, high] = okRange(bands);
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
  const badness = (value: number) => [SEVERITY[stateOf(bands, value) ?? 'ok'], distance(value)] as const;
  let worst: number | null = null;
  for (const value of values) {
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
