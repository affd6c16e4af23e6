/**
 * The KPIs measured at query time (revision 2): the headline is the worst entry, a probe that got no
 * answer is counted (latency at its timeout, node health at 0) and named, and a range that does not
 * end now has no value and no series point. Every expected number is worked out by hand below.
 */
import { findKpi, worstEntry, type KpiDefinition } from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import { evaluateKpi, evaluateSeries } from '../evaluate/evaluate';
import type { Dataset, Rfq, Window } from '../model';
import { NOW_TOLERANCE_MS, rangeEndsNow } from '../time/rangeEndsNow';
import type { KpiContext } from './context';
import { DAY, H, T0, dataset } from './testDataset';
import { executionLatencyMs, networkLatencyMs, nodeHealth, quoteResponseMs } from './uptime';

function kpiOf(id: string): KpiDefinition {
  const kpi = findKpi(id);
  if (!kpi) {
    throw new Error(id);
  }
  return kpi;
}

function ctx(id: string, data: Dataset, window: Window = data.window): KpiContext {
  const kpi = kpiOf(id);
  return { data, window, worst: (b) => worstEntry(kpi, Object.values(b)) };
}

const up = (endpoint: string, roundTripMs: number) => ({ endpoint, roundTripMs, timeoutMs: 5_000 });

describe('network latency', () => {
  it('is the slowest endpoint, not the mean', () => {
    // 80, 120, 310 ms: the mean would be 170; the worst is 310
    const data = dataset({ endpoints: [up('rpc:a', 80), up('quote-log', 120), up('hedge-venue', 310)] });
    const r = networkLatencyMs(ctx('network_latency_ms', data));
    expect(r.value).toBe(310);
    expect(r.breakdown).toEqual({ 'rpc:a': 80, 'quote-log': 120, 'hedge-venue': 310 });
    expect(r.note).toBeUndefined();
  });

  it('counts an endpoint that did not answer at its timeout, and names it', () => {
    const data = dataset({
      endpoints: [
        up('rpc:a', 80),
        up('quote-log', 120),
        { endpoint: 'coingecko', roundTripMs: null, timeoutMs: 5_000, error: 'HTTP 503' },
      ],
    });
    const r = networkLatencyMs(ctx('network_latency_ms', data));
    // Left out, the answer would be 120 ms, "ok"; counted, it is the 5,000 ms timeout.
    expect(r.value).toBe(5_000);
    expect(r.breakdown).toEqual({ 'rpc:a': 80, 'quote-log': 120, coingecko: 5_000 });
    expect(r.parts).toEqual({ endpoints: 3, unanswered: 1 });
    expect(r.note).toBe('no answer from coingecko (HTTP 503): counted at the 5000 ms timeout');
  });
});

describe('node health', () => {
  it('is the worst node; a node that did not answer scores 0 and is named', () => {
    const data = dataset({
      nodes: [
        // a: head 105 (the highest), 150 ms → sync 1, speed 1 → 100
        { node: 'a', head: 105n, syncing: false, roundTripMs: 150 },
        // b: 2 behind → sync 1 − 1/9 = 8/9; 650 ms → speed 1 − 450/1800 = 0.75 → 70 × 8/9 + 22.5 = 84.44
        { node: 'b', head: 103n, syncing: false, roundTripMs: 650 },
        { node: 'c', head: null, syncing: false, roundTripMs: null, error: 'timeout' },
      ],
    });
    const r = nodeHealth(ctx('node_health', data));
    expect(r.breakdown?.a).toBe(100);
    expect(r.breakdown?.b).toBeCloseTo(70 * (8 / 9) + 22.5, 10);
    expect(r.breakdown?.c).toBe(0);
    expect(r.value).toBe(0);
    expect(r.note).toBe('no answer from c (timeout): scores 0');
  });

  it('without the dead node, the worst of the answering ones', () => {
    const data = dataset({
      nodes: [
        { node: 'a', head: 105n, syncing: false, roundTripMs: 150 },
        { node: 'b', head: 103n, syncing: false, roundTripMs: 650 },
      ],
    });
    expect(nodeHealth(ctx('node_health', data)).value).toBeCloseTo(70 * (8 / 9) + 22.5, 10);
  });

  it('scores every node 0 when none answered', () => {
    const data = dataset({
      nodes: [
        { node: 'a', head: null, syncing: false, roundTripMs: null, error: 'HTTP 502' },
        { node: 'b', head: null, syncing: false, roundTripMs: null },
      ],
    });
    const r = nodeHealth(ctx('node_health', data));
    expect(r).toEqual({ value: 0, breakdown: { a: 0, b: 0 }, note: 'no answer from a (HTTP 502), b: scores 0' });
  });
});

describe('a range that does not end now', () => {
  const past = dataset({
    measuredNow: false,
    // Not measured: a part the formula must not even look at.
    nodes: new PmmError('rpc', 'must not be read', { fix: '-' }),
    endpoints: new PmmError('rpc', 'must not be read', { fix: '-' }),
  });

  it.each([
    ['node_health', nodeHealth],
    ['network_latency_ms', networkLatencyMs],
  ] as const)('%s has no value, and says why', (id, formula) => {
    const r = formula(ctx(id, past));
    expect(r.value).toBeNull();
    // the window ends at T0 + 1 day = 1,001 days after 1970-01-01
    expect(r.note).toBe(
      'measured at query time; no history: the range ends 1972-09-28T00:00:00.000Z, not now (within 60 s)'
    );
  });

  it('gives no series point, and one at the range end when it ends now', () => {
    const range = { fromMs: T0, toMs: T0 + DAY };
    const points = [T0 + 8 * H, T0 + 16 * H, T0 + DAY];
    for (const id of ['node_health', 'network_latency_ms']) {
      expect(evaluateSeries(kpiOf(id), past, range, points)).toEqual([]);
      const outcome = evaluateKpi(kpiOf(id), past, range);
      expect(outcome.result?.value).toBeNull();
      expect(outcome.state).toBeUndefined();
    }
    const now = dataset({ endpoints: [up('rpc:a', 80), up('quote-log', 120)] });
    const series = evaluateSeries(kpiOf('network_latency_ms'), now, range, points);
    expect(series).toHaveLength(1);
    expect(series[0].timeMs).toBe(T0 + DAY);
    expect(series[0].result?.value).toBe(120);
  });
});

describe('quote response time with the RFQ probe', () => {
  // Two quotes in the range: 100 and 300 ms → mean 200; the probe (measured now) took 90 ms.
  const rfqs: Rfq[] = [T0 + H, T0 + 20 * H].map((receivedAtMs, i) => ({
    id: `r${i}`,
    base: 'WETH',
    quote: 'USDC',
    receivedAtMs,
    quotedAtMs: receivedAtMs + (i === 0 ? 100 : 300),
    error: null,
    price: 2_000,
    accepted: false,
    filled: false,
  }));

  it('adds the probe as the breakdown entry `probe` for the window ending at the range end, apart from the mean', () => {
    const data = dataset({ rfqs, rfqProbe: { roundTripMs: 90, timeoutMs: 5_000 } });
    const r = quoteResponseMs(ctx('quote_response_ms', data));
    expect(r.value).toBe(200);
    expect(r.breakdown).toEqual({ probe: 90 });
    // An earlier window (a series point before the end) has no probe.
    const early = quoteResponseMs(ctx('quote_response_ms', data, { fromMs: T0, toMs: T0 + 12 * H }));
    expect(early.value).toBe(100);
    expect(early.breakdown).toBeUndefined();
  });

  it('counts a probe that got no quote at its timeout, and says so', () => {
    const data = dataset({ rfqs, rfqProbe: { roundTripMs: null, timeoutMs: 5_000, error: 'rfq-probe: HTTP 500' } });
    const r = quoteResponseMs(ctx('quote_response_ms', data));
    expect(r.value).toBe(200);
    expect(r.breakdown).toEqual({ probe: 5_000 });
    expect(r.note).toBe('RFQ probe got no quote (rfq-probe: HTTP 500): counted at its 5000 ms timeout');
  });

  it('has no probe entry when the range does not end now, or no probe is configured', () => {
    for (const data of [dataset({ rfqs, measuredNow: false }), dataset({ rfqs, rfqProbe: null })]) {
      const r = quoteResponseMs(ctx('quote_response_ms', data));
      expect(r.value).toBe(200);
      expect(r.breakdown).toBeUndefined();
    }
  });

  it('keeps its series over the log, the probe only at the last point', () => {
    const data = dataset({ rfqs, rfqProbe: { roundTripMs: 90, timeoutMs: 5_000 } });
    const range = { fromMs: T0, toMs: T0 + DAY };
    const series = evaluateSeries(kpiOf('quote_response_ms'), data, range, [T0 + 12 * H, T0 + DAY]);
    // buckets: [T0, T0+12h] holds the 100 ms quote, [T0+12h, T0+24h] the 300 ms one
    expect(series.map((p) => p.result?.value)).toEqual([100, 300]);
    expect(series.map((p) => p.result?.breakdown?.probe)).toEqual([undefined, 90]);
  });
});

describe('rangeEndsNow', () => {
  it('takes an end within the tolerance of now, on either side, as now', () => {
    const now = 1_700_000_000_000;
    expect(NOW_TOLERANCE_MS).toBe(60_000);
    expect(rangeEndsNow({ fromMs: 0, toMs: now }, now)).toBe(true);
    expect(rangeEndsNow({ fromMs: 0, toMs: now - 60_000 }, now)).toBe(true);
    expect(rangeEndsNow({ fromMs: 0, toMs: now + 60_000 }, now)).toBe(true);
    expect(rangeEndsNow({ fromMs: 0, toMs: now - 60_001 }, now)).toBe(false);
    expect(rangeEndsNow({ fromMs: 0, toMs: now - 3 * DAY }, now)).toBe(false);
  });
});

describe('execution latency', () => {
  it('is the mean of fill time − quotedAt, and says the seed’s 300 ms cannot be met where a fill takes a block', () => {
    const fill = (quotedAtMs: number | null, timeMs: number) => ({
      timeMs,
      base: 'WETH',
      quote: 'USDC',
      baseUnits: 1,
      volumeUsd: 1000,
      spreadUsd: 1,
      quotedAtMs,
    });
    // 12 s and 24 s after their quotes; a fill without a quote time is left out: (12,000 + 24,000) / 2.
    const data = dataset({ fills: [fill(T0, T0 + 12_000), fill(T0 + H, T0 + H + 24_000), fill(null, T0 + 2 * H)] });
    const result = executionLatencyMs(ctx('execution_latency_ms', data));
    expect(result.value).toBe(18_000);
    expect(result.note).toMatch(/300 ms .*block/);
  });
});
