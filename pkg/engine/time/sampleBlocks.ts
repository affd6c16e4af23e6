/**
 * Where a Grafana range is evaluated. State KPIs are read at sample times aligned to multiples of the
 * step (from the Unix epoch), so that a refresh of a sliding range asks for the same times again and
 * hits the block cache, instead of shifting every point by the refresh delay.
 */
import { PmmError } from '../../../src/core/errors';

export interface SampleRange {
  fromMs: number;
  toMs: number;
  maxDataPoints: number;
  /** Grafana's suggested interval; the step is never finer. */
  intervalMs: number;
}

/** Block timestamps are whole seconds: a finer step would only repeat blocks. */
const MIN_STEP_MS = 1_000;

/**
 * A panel is at most a few thousand pixels wide; a request for more points (an API call asking for
 * 2^31) would otherwise evaluate every KPI at every second of the range and pin the CPU for minutes.
 */
export const MAX_SAMPLE_POINTS = 5_000;

export function sampleStepMs({ fromMs, toMs, maxDataPoints, intervalMs }: SampleRange): number {
  const byPoints = (toMs - fromMs) / Math.min(maxDataPoints, MAX_SAMPLE_POINTS);
  return Math.ceil(Math.max(intervalMs, byPoints, MIN_STEP_MS) / MIN_STEP_MS) * MIN_STEP_MS;
}

/**
 * Aligned times in [fromMs, toMs), then toMs itself (the range end is always shown, even when it is
 * not aligned). Ascending, at least one point; a range with from = to gives [to].
 */
export function samplePoints(range: SampleRange): number[] {
  validate(range);
  const { fromMs, toMs } = range;
  const step = sampleStepMs(range);
  const points: number[] = [];
  for (let time = Math.ceil(fromMs / step) * step; time < toMs; time += step) {
    points.push(time);
  }
  points.push(toMs);
  return points;
}

/**
 * Events per point: bucket i holds the events in (points[i-1], points[i]]. The first bucket is open
 * below (the caller fetched the range's events only); events after the last point are outside the
 * range and dropped. Events need not be sorted; each bucket keeps their input order.
 */
export function bucketize<E extends { timeMs: number }>(events: readonly E[], points: readonly number[]): E[][] {
  const buckets: E[][] = points.map(() => []);
  for (const event of events) {
    const index = firstAtOrAfter(points, event.timeMs);
    if (index < points.length) {
      buckets[index].push(event);
    }
  }
  return buckets;
}

function firstAtOrAfter(points: readonly number[], timeMs: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < timeMs) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function validate({ fromMs, toMs, maxDataPoints, intervalMs }: SampleRange): void {
  if (![fromMs, toMs, intervalMs].every(Number.isFinite) || fromMs > toMs) {
    throw new PmmError('samplePoints', `invalid time range ${fromMs}..${toMs} (interval ${intervalMs} ms)`, {
      fix: 'pass a range whose start is not after its end',
    });
  }
  if (!Number.isInteger(maxDataPoints) || maxDataPoints < 1) {
    throw new PmmError('samplePoints', `maxDataPoints must be a positive integer, got ${maxDataPoints}`, {
      fix: 'set Max data points in the query options to 1 or more',
    });
  }
}
