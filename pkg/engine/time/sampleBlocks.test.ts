import { PmmError } from '../../../src/core/errors';
import { bucketize, samplePoints, sampleStepMs } from './sampleBlocks';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A multiple of 432 s, so the day below starts on an aligned point. */
const ALIGNED = 432_000 * 4_000_000;

describe('samplePoints', () => {
  it('samples 24 h with 200 points at a 432 s step, aligned, ending at the range end', () => {
    const range = { fromMs: ALIGNED, toMs: ALIGNED + DAY, maxDataPoints: 200, intervalMs: 60_000 };
    expect(sampleStepMs(range)).toBe(432_000);
    const points = samplePoints(range);
    expect(points).toHaveLength(201);
    expect(points[0]).toBe(ALIGNED);
    expect(points[1] - points[0]).toBe(432_000);
    expect(points[200]).toBe(ALIGNED + DAY);
  });

  it('reuses the same aligned points when a sliding range is refreshed', () => {
    const first = samplePoints({
      fromMs: ALIGNED + 5_000,
      toMs: ALIGNED + 5_000 + DAY,
      maxDataPoints: 200,
      intervalMs: 1,
    });
    const later = samplePoints({
      fromMs: ALIGNED + 65_000,
      toMs: ALIGNED + 65_000 + DAY,
      maxDataPoints: 200,
      intervalMs: 1,
    });
    expect(first[0]).toBe(ALIGNED + 432_000);
    expect(later.slice(0, -1)).toEqual(first.slice(0, -1));
    expect(later[later.length - 1]).toBe(ALIGNED + 65_000 + DAY);
  });

  it('uses the interval when maxDataPoints exceeds the range in intervals', () => {
    const points = samplePoints({
      fromMs: ALIGNED,
      toMs: ALIGNED + 10 * 60_000,
      maxDataPoints: 1_000,
      intervalMs: 60_000,
    });
    expect(points).toEqual(Array.from({ length: 11 }, (_, i) => ALIGNED + i * 60_000));
  });

  it('never steps finer than a second (block timestamps are whole seconds)', () => {
    expect(sampleStepMs({ fromMs: 0, toMs: 10_000, maxDataPoints: 1_000, intervalMs: 1 })).toBe(1_000);
    expect(sampleStepMs({ fromMs: 0, toMs: 1_000_000, maxDataPoints: 3, intervalMs: 1 })).toBe(334_000);
  });

  it('gives the single point [to] for an empty range', () => {
    expect(samplePoints({ fromMs: 1_234_567, toMs: 1_234_567, maxDataPoints: 100, intervalMs: 1_000 })).toEqual([
      1_234_567,
    ]);
  });

  it('gives the range end alone with one data point over an unaligned range', () => {
    expect(samplePoints({ fromMs: 1_500, toMs: 2_500, maxDataPoints: 1, intervalMs: 1 })).toEqual([2_000, 2_500]);
    expect(samplePoints({ fromMs: 1_100, toMs: 1_900, maxDataPoints: 1, intervalMs: 1 })).toEqual([1_900]);
  });

  it('rejects a reversed range and a zero maxDataPoints with a PmmError', () => {
    expect(() => samplePoints({ fromMs: 2, toMs: 1, maxDataPoints: 10, intervalMs: 1 })).toThrow(PmmError);
    expect(() => samplePoints({ fromMs: 1, toMs: 2, maxDataPoints: 0, intervalMs: 1 })).toThrow(PmmError);
  });
});

describe('bucketize', () => {
  it('puts each event in (previous point, point], the first bucket open below, later events out', () => {
    const points = [10, 20, 30];
    const events = [5, 10, 11, 20, 25, 30, 31].map((timeMs) => ({ timeMs }));
    const buckets = bucketize(events, points).map((bucket) => bucket.map((event) => event.timeMs));
    expect(buckets).toEqual([
      [5, 10],
      [11, 20],
      [25, 30],
    ]);
  });

  it('handles unsorted events and empty inputs', () => {
    expect(bucketize([{ timeMs: 25 }, { timeMs: 12 }], [10, 20, 30])).toEqual([[], [{ timeMs: 12 }], [{ timeMs: 25 }]]);
    expect(bucketize([], [1, 2])).toEqual([[], []]);
    expect(bucketize([{ timeMs: 1 }], [])).toEqual([]);
  });
});
