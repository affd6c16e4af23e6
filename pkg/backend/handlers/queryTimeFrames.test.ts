/**
 * The frames Grafana gets for the KPIs measured at query time (revision 2): a range query that does
 * not end now gives no point and a notice saying why, one that does gives one point at its end; quote
 * response time shows the RFQ probe beside its mean, never in place of it.
 */
import { findKpi, type KpiDefinition } from '../../../src/core/catalogue';
import type { EngineAnswer, KpiOutcome, SeriesPoint } from '../../engine';
import type { Frame, NumberField } from '../wire/frame';
import { instantFrames, rangeFrames } from './frames';
import type { ParsedQuery } from './query';

const kpi = (id: string): KpiDefinition => findKpi(id)!;
const health = kpi('node_health');
const latency = kpi('network_latency_ms');
const response = kpi('quote_response_ms');
const END = 3 * 86_400_000;
const NOTE = 'measured at query time; no history: the range ends 1970-01-04T00:00:00.000Z, not now (within 60 s)';

const query = (kpis: KpiDefinition[]): ParsedQuery => ({ refId: 'A', kpis, single: false, mode: 'range' });
const numberOf = (frame: Frame) => frame.fields.find((f) => f.type === 'number') as NumberField;
const timesOf = (frame: Frame) => frame.fields.find((f) => f.type === 'time')?.values ?? [];

function answerOf(outcomes: KpiOutcome[], series: Array<[string, SeriesPoint[]]>): EngineAnswer {
  return { window: { fromMs: 0, toMs: END }, points: [END / 2, END], outcomes, series: new Map(series) };
}

describe('range frames of the KPIs measured at query time', () => {
  it('a range that does not end now: one frame per KPI, no point, and the note as a notice', () => {
    const answer = answerOf(
      [
        { kpi: health, bands: health.bands, result: { value: null, note: NOTE } },
        { kpi: latency, bands: latency.bands, result: { value: null, note: NOTE } },
      ],
      [
        ['node_health', []],
        ['network_latency_ms', []],
      ]
    );
    const frames = rangeFrames(answer, query([health, latency]));
    expect(frames.map((f) => f.name)).toEqual(['node_health', 'network_latency_ms']);
    for (const frame of frames) {
      expect(timesOf(frame)).toEqual([]);
      expect(numberOf(frame).values).toEqual([]);
      expect(frame.meta?.notices).toEqual([{ severity: 'info', text: expect.stringContaining(NOTE) }]);
    }
  });

  it('a range that ends now: one point per entry, at its end; a dead endpoint named', () => {
    const note = 'no answer from coingecko (HTTP 503): counted at the 5000 ms timeout';
    const result = { value: 5_000, breakdown: { 'rpc:a': 80, coingecko: 5_000 }, note };
    const answer = answerOf(
      [{ kpi: latency, bands: latency.bands, result, state: 'critical' }],
      [['network_latency_ms', [{ timeMs: END, result }]]]
    );
    const frames = rangeFrames(answer, query([latency]));
    expect(frames.map((f) => f.name)).toEqual(['network_latency_ms:rpc:a', 'network_latency_ms:coingecko']);
    expect(frames.map(timesOf)).toEqual([[END], [END]]);
    expect(frames.map((f) => numberOf(f).values)).toEqual([[80], [5_000]]);
    expect(frames[0].meta?.notices).toEqual([{ severity: 'info', text: `Network latency: ${note}` }]);
  });
});

describe('quote response time with the RFQ probe', () => {
  const outcome: KpiOutcome = {
    kpi: response,
    bands: response.bands,
    result: { value: 200, breakdown: { probe: 650 }, parts: { quotes: 2 } },
    state: 'ok',
    breakdownStates: { probe: 'warning' },
  };

  it('shows the mean and the probe, each its own frame', () => {
    const frames = instantFrames(answerOf([outcome], []), { ...query([response]), mode: 'instant' });
    expect(frames.map((f) => f.name)).toEqual(['quote_response_ms', 'quote_response_ms:probe']);
    expect(frames.map((f) => numberOf(f).values)).toEqual([[200], [650]]);
    expect(numberOf(frames[1]).labels).toEqual({ kpi: 'quote_response_ms', area: 'uptime', entry: 'probe' });
    expect(frames.map((f) => f.meta?.custom?.state)).toEqual(['ok', 'warning']);
  });

  it('in a series, the probe only at the last point', () => {
    const series: SeriesPoint[] = [
      { timeMs: END / 2, result: { value: 100 } },
      { timeMs: END, result: { value: 300, breakdown: { probe: 650 } } },
    ];
    const frames = rangeFrames(answerOf([outcome], [['quote_response_ms', series]]), query([response]));
    expect(frames.map((f) => numberOf(f).values)).toEqual([
      [100, 300],
      [null, 650],
    ]);
  });
});

describe('concentration: every asset’s share is information, not a number to judge', () => {
  const concentration = kpi('concentration');
  const outcome: KpiOutcome = {
    kpi: concentration,
    bands: concentration.bands,
    // The largest non-stable share is WBTC's; USDC's 61 % is cash, which an alert rule must not judge.
    result: { value: 12.6, breakdown: { WETH: 11.24, WBTC: 12.6, USDC: 61.07 } },
    state: 'ok',
  };

  it('gives one frame, the value, with the shares in a notice', () => {
    const frames = instantFrames(answerOf([outcome], []), { ...query([concentration]), mode: 'instant' });
    expect(frames.map((f) => f.name)).toEqual(['concentration']);
    expect(numberOf(frames[0]).values).toEqual([12.6]);
    expect(frames[0].meta?.notices).toEqual([
      { severity: 'info', text: 'Position concentration, every entry: WETH 11.2 %, WBTC 12.6 %, USDC 61.1 %' },
    ]);
  });
});
