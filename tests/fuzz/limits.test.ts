/** Limits the fuzz test found missing: a request may not make the engine evaluate a million points. */
import { MAX_SAMPLE_POINTS, samplePoints } from '../../pkg/engine';

describe('sample points', () => {
  it('never exceed the cap, whatever maxDataPoints a request asks for', () => {
    const points = samplePoints({ fromMs: 0, toMs: 30 * 86_400_000, maxDataPoints: 2 ** 31 - 1, intervalMs: 0 });
    // One point per step of at least a second would be 2.6 million; the cap keeps it to a panel's width.
    expect(points.length).toBeLessThanOrEqual(MAX_SAMPLE_POINTS + 1);
    expect(points.length).toBeGreaterThan(MAX_SAMPLE_POINTS / 2);
    expect(points[points.length - 1]).toBe(30 * 86_400_000);
  });
});
