/**
 * Where a KPI's zones and its marker sit on the horizontal band, as fractions of its width. The scale
 * spans the band edges with a margin either side (a third of the span between the outer edges), kept
 * within the KPI's natural bounds (0–100 for a share). A value beyond the scale pins the marker at that
 * end and says so, instead of squeezing every zone to a sliver.
 */
import type { BandStep, State } from '../core/catalogue';

export interface Zone {
  state: State;
  /** Value range of the zone on the scale. */
  from: number;
  to: number;
  /** Left edge and width as fractions of the band (0–1). */
  left: number;
  width: number;
}

export interface BandScale {
  min: number;
  max: number;
  zones: Zone[];
  /** The marker's position (0–1), or undefined without a value. */
  marker?: number;
  /** The value lies beyond the scale on this side; the marker is pinned at that end. */
  offScale?: 'below' | 'above';
}

const MARGIN = 1 / 3;

export function bandScale(
  bands: readonly BandStep[],
  value: number | undefined,
  bounds: { min?: number; max?: number } = {}
): BandScale {
  const edges = bands.slice(1).map((step) => step.from as number);
  const low = edges[0] ?? 0;
  const high = edges[edges.length - 1] ?? 0;
  const span = high - low || Math.abs(low) || 1;
  let min = low - span * MARGIN;
  let max = high + span * MARGIN;
  if (bounds.min !== undefined && bounds.min > min && bounds.min < low) {
    min = bounds.min;
  }
  if (bounds.max !== undefined && bounds.max < max && bounds.max > high) {
    max = bounds.max;
  }
  const at = (v: number) => (v - min) / (max - min);
  const zones = bands.map((step, i): Zone => {
    const from = i === 0 ? min : (step.from as number);
    const to = i + 1 < bands.length ? (bands[i + 1].from as number) : max;
    return { state: step.state, from, to, left: at(from), width: at(to) - at(from) };
  });
  if (value === undefined || !Number.isFinite(value)) {
    return { min, max, zones };
  }
  if (value < min) {
    return { min, max, zones, marker: 0, offScale: 'below' };
  }
  if (value > max) {
    return { min, max, zones, marker: 1, offScale: 'above' };
  }
  return { min, max, zones, marker: at(value) };
}
