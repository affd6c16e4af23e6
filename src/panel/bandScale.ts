/**
 * Where a KPI's zones, its edges and its marker sit on the horizontal band, as fractions of its width,
 * on one linear scale that always holds the value. The inner zones are drawn to their numbers; an outer
 * zone, open-ended in the bands, needs an end on the scale:
 * - the KPI's natural bound (0 for a latency, 100 for a share) when it lies within twice the
 *   neighbouring zone's width of the edge, so the zone is drawn to its real extent;
 * - otherwise as wide as its neighbouring zone;
 * - and in any case far enough to hold the value: a value beyond that end stretches the outer zone to
 *   the value plus a tenth of its distance to the scale's other end (never past a natural bound), so
 *   the marker sits inside the band, where the numbers put it.
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

/** One edge between two zones: its value and its position (0–1). */
export interface EdgeTick {
  value: number;
  at: number;
}

export interface BandScale {
  min: number;
  max: number;
  zones: Zone[];
  edges: EdgeTick[];
  /** The marker's position (0–1), or undefined without a value. */
  marker?: number;
}

/** How far past the value a stretched outer zone reaches, as a share of the value's distance to the other end. */
export const VALUE_PAD = 0.1;
/** A natural bound is used as the end of an outer zone when it lies within this many neighbour widths. */
export const BOUND_REACH = 2;

export interface Bounds {
  min?: number;
  max?: number;
}

function outerEnd(edge: number, neighbour: number, bound: number | undefined, side: -1 | 1): number {
  const boundUsable = bound !== undefined && Number.isFinite(bound) && side * (bound - edge) >= 0;
  if (boundUsable && Math.abs(bound - edge) <= BOUND_REACH * neighbour) {
    return bound;
  }
  return edge + side * neighbour;
}

export function bandScale(bands: readonly BandStep[], value: number | undefined, bounds: Bounds = {}): BandScale {
  const edgeValues = bands.slice(1).map((step) => step.from as number);
  const first = edgeValues[0] ?? 0;
  const last = edgeValues[edgeValues.length - 1] ?? 0;
  const lowNeighbour = edgeValues.length > 1 ? edgeValues[1] - first : Math.abs(first) || 1;
  const highNeighbour = edgeValues.length > 1 ? last - edgeValues[edgeValues.length - 2] : Math.abs(last) || 1;
  let min = outerEnd(first, lowNeighbour, bounds.min, -1);
  let max = outerEnd(last, highNeighbour, bounds.max, 1);
  const known = value !== undefined && Number.isFinite(value);
  if (known && value < min) {
    min = value - VALUE_PAD * (max - value);
    if (bounds.min !== undefined && bounds.min <= value) {
      min = Math.max(min, bounds.min);
    }
  } else if (known && value > max) {
    max = value + VALUE_PAD * (value - min);
    if (bounds.max !== undefined && bounds.max >= value) {
      max = Math.min(max, bounds.max);
    }
  }
  const at = (v: number) => (max === min ? 0.5 : (v - min) / (max - min));
  const zones = bands.map((step, i): Zone => {
    const from = i === 0 ? min : (step.from as number);
    const to = i + 1 < bands.length ? (bands[i + 1].from as number) : max;
    return { state: step.state, from, to, left: at(from), width: at(to) - at(from) };
  });
  const edges = edgeValues.map((edge) => ({ value: edge, at: at(edge) }));
  return known ? { min, max, zones, edges, marker: at(value) } : { min, max, zones, edges };
}
