/**
 * The one value a broken-down KPI shows (per asset, venue, node): its worst entry under the bands —
 * the most severe state first, then the farthest from the ok range; among entries all ok, the one
 * nearest trouble (lowest for "higher is better", highest for "lower is better", farthest from the ok
 * band's middle for a band). A catalogue rule, so the engine, the panel and the ledger agree on it.
 * Each entry is judged under its own bands where it has them (a per-asset override, `kpi:ASSET`), so
 * an asset with a wider band does not take the headline from one that is in trouble under its own.
 */
import { okRange, stateOf } from './bands';
import type { BandStep, KpiDefinition, State } from './types';

const SEVERITY: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

type Judged = Pick<KpiDefinition, 'direction' | 'bands'>;

/** [severity, distance]: compared in that order, larger is worse. */
function badness(kpi: Judged, bands: readonly BandStep[], value: number): readonly [number, number] {
  const [low, high] = okRange(bands);
  const distance = () => {
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
  return [SEVERITY[stateOf(bands, value) ?? 'ok'], distance()];
}

/** The key of the worst entry, each judged under `bandsOf(key)`; undefined for an empty breakdown. */
export function worstKey(
  kpi: Judged,
  entries: Readonly<Record<string, number>>,
  bandsOf: (key: string) => readonly BandStep[] = () => kpi.bands
): string | undefined {
  let worst: { key: string; s: number; d: number } | undefined;
  for (const [key, value] of Object.entries(entries)) {
    const [s, d] = badness(kpi, bandsOf(key), value);
    if (!worst || s > worst.s || (s === worst.s && d > worst.d)) {
      worst = { key, s, d };
    }
  }
  return worst?.key;
}

/** The worst of values all judged under the same bands. */
export function worstEntry(
  kpi: Judged,
  values: Iterable<number>,
  bands: readonly BandStep[] = kpi.bands
): number | null {
  const entries = Object.fromEntries([...values].map((value, i) => [String(i), value]));
  const key = worstKey(kpi, entries, () => bands);
  return key === undefined ? null : entries[key];
}
