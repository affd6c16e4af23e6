/** KPI outcomes to frames, by hand-made engine answers: one frame per number, config from the catalogue. */
import { findKpi, planFor, resolveBands, type KpiDefinition } from '../../../src/core/catalogue';
import { planUrl } from '../../../src/core/urls';
import { PmmError } from '../../../src/core/errors';
import type { EngineAnswer, KpiOutcome, SeriesPoint } from '../../engine';
import type { NumberField } from '../wire/frame';
import { instantFrames, rangeFrames } from './frames';
import type { ParsedQuery } from './query';

const kpi = (id: string): KpiDefinition => findKpi(id)!;
const uptime = kpi('uptime');
const netDelta = kpi('net_delta');
const totalPnl = kpi('total_pnl');
const drawdown = kpi('max_drawdown');

const outcomes: KpiOutcome[] = [
  { kpi: uptime, bands: uptime.bands, result: { value: 97 }, state: 'critical', plan: 'uptime-critical' },
  {
    kpi: netDelta,
    bands: netDelta.bands,
    result: { value: 3, breakdown: { WETH: 3, WBTC: -1 } },
    state: 'warning',
    plan: planFor(netDelta, 3),
    breakdownStates: { WETH: 'warning', WBTC: 'ok' },
  },
  { kpi: totalPnl, bands: totalPnl.bands, result: { value: -50, trend: 12 }, state: 'ok' },
  { kpi: drawdown, bands: drawdown.bands, error: new PmmError('rpc:main', 'eth_call failed: timeout') },
];

const series: Array<[string, SeriesPoint[]]> = [
  [
    'uptime',
    [
      { timeMs: 60_000, result: { value: 99 } },
      { timeMs: 120_000, result: { value: null } },
    ],
  ],
  [
    'net_delta',
    [
      { timeMs: 60_000, result: { value: 1, breakdown: { WETH: 1 } } },
      { timeMs: 120_000, result: { value: 3, breakdown: { WETH: 3, WBTC: -1 } } },
    ],
  ],
  [
    'total_pnl',
    [
      { timeMs: 60_000, error: new PmmError('quote-log', 'HTTP 500') },
      { timeMs: 120_000, result: { value: -50 } },
    ],
  ],
  [
    'max_drawdown',
    [
      { timeMs: 60_000, error: drawdownError() },
      { timeMs: 120_000, error: drawdownError() },
    ],
  ],
];

const answer: EngineAnswer = {
  window: { fromMs: 0, toMs: 120_000 },
  points: [60_000, 120_000],
  outcomes,
  series: new Map(series),
};

function drawdownError() {
  return new PmmError('rpc:main', 'eth_call failed: timeout');
}

const query = (patch: Partial<ParsedQuery> = {}): ParsedQuery => ({
  refId: 'A',
  kpis: outcomes.map((o) => o.kpi),
  single: false,
  mode: 'instant',
  ...patch,
});

const numberOf = (frame: { fields: Array<{ type: string }> }) =>
  frame.fields.find((f) => f.type === 'number') as NumberField;

describe('instant frames', () => {
  const frames = instantFrames(answer, query());

  it('gives each number its own numeric-multi frame: a KPI value, or each breakdown entry', () => {
    expect(frames.map((f) => f.name)).toEqual([
      'uptime',
      'net_delta:WETH',
      'net_delta:WBTC',
      'total_pnl',
      'max_drawdown',
    ]);
    for (const frame of frames) {
      expect(frame.refId).toBe('A');
      expect(frame.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(frame.fields).toHaveLength(1);
    }
    expect(frames.map((f) => numberOf(f).values)).toEqual([[97], [3], [-1], [-50], [null]]);
    expect(numberOf(frames[1]).labels).toEqual({ kpi: 'net_delta', area: 'position', asset: 'WETH' });
    expect(numberOf(frames[0]).labels).toEqual({ kpi: 'uptime', area: 'uptime' });
  });

  it('turns the bands into Grafana thresholds and links the plan the state opens', () => {
    expect(numberOf(frames[0]).config).toMatchObject({
      displayName: 'Quoting uptime',
      unit: 'percent',
      min: 0,
      max: 100,
      thresholds: {
        mode: 'absolute',
        steps: [
          { value: null, color: 'red' },
          { value: 98, color: 'orange' },
          { value: 99.5, color: 'green' },
        ],
      },
      links: [{ title: expect.stringContaining('Open action plan'), url: planUrl('uptime-critical') }],
    });
    // The WETH entry is in warning: its plan; the WBTC entry is fine: every plan of the KPI.
    expect(numberOf(frames[1]).config?.links?.map((l) => l.url)).toEqual([planUrl('position-moderate')]);
    expect(
      numberOf(frames[2])
        .config?.links?.map((l) => l.url)
        .sort()
    ).toEqual([planUrl('position-high-risk'), planUrl('position-moderate')].sort());
    expect(frames[1].meta?.custom).toMatchObject({ state: 'warning', plan: 'position-moderate' });
    expect(numberOf(frames[1]).config?.displayName).toBe('Net position delta (WETH)');
  });

  it('draws no thresholds on a KPI judged on its trend, and shows a failed KPI as a null with its error', () => {
    expect(numberOf(frames[3]).config?.thresholds).toBeUndefined();
    // The slope's edges ride in the meta instead (the catalogue's: critical under -10,000, warning under 0).
    expect(frames[3].meta?.custom).toMatchObject({
      judgedOn: 'trend',
      trend: 12,
      state: 'ok',
      trendEdges: [-10_000, 0],
    });
    expect(frames[4].meta?.notices).toEqual([
      { severity: 'error', text: `${drawdown.name}: rpc:main: eth_call failed: timeout` },
    ]);
  });

  it("carries a trend KPI's overridden edges, the bands the engine judged it on, for the panel", () => {
    const overridden: KpiOutcome = {
      ...outcomes[2],
      bands: resolveBands(totalPnl, { total_pnl: { edges: [-20_000, -5_000] } }),
    };
    const [frame] = instantFrames({ ...answer, outcomes: [overridden] }, query({ kpis: [totalPnl] }));
    expect(frame.meta?.custom?.trendEdges).toEqual([-20_000, -5_000]);
  });

  it("gives a trend KPI's judged slope, with its unit and the bands as thresholds, when asked for the trend", () => {
    const [frame] = instantFrames({ ...answer, outcomes: [outcomes[2]] }, query({ kpis: [totalPnl], trend: true }));
    // The outcome's trend is 12 USD/day (its value −50 USD must not be what an alert rule judges).
    expect(numberOf(frame).values).toEqual([12]);
    expect(numberOf(frame).config?.unit).toBe(totalPnl.judgedUnit);
    expect(numberOf(frame).config?.thresholds).toBeDefined();
  });

  it("shows a decomposition's parts beside the value, labelled `part`, but not in the judged trend", () => {
    const parts = { spreadUsd: 30, inventoryMtmUsd: -70, residualUsd: -10 };
    const decomposed: KpiOutcome = { ...outcomes[2], result: { value: -50, trend: 12, breakdown: parts } };
    const shown = instantFrames({ ...answer, outcomes: [decomposed] }, query({ kpis: [totalPnl] }));
    expect(shown.map((f) => f.name)).toEqual([
      'total_pnl',
      'total_pnl:spreadUsd',
      'total_pnl:inventoryMtmUsd',
      'total_pnl:residualUsd',
    ]);
    expect(shown.map((f) => numberOf(f).values)).toEqual([[-50], [30], [-70], [-10]]);
    expect(numberOf(shown[1]).labels).toEqual({ kpi: 'total_pnl', area: 'performance', part: 'spreadUsd' });
    const judged = instantFrames({ ...answer, outcomes: [decomposed] }, query({ kpis: [totalPnl], trend: true }));
    expect(judged.map((f) => numberOf(f).values)).toEqual([[12]]);
  });

  it("answers each number's band state when asked for it, under the bands in force, with the same labels", () => {
    const states = instantFrames(answer, query({ state: true }));
    // uptime 97 % (critical below 98): −2; WETH delta 3 % (warning from 2 %, above the ok range): 1;
    // WBTC −1 % (ok): 0; total PnL judged on its trend 12 USD/day (ok), parts never; drawdown failed: null.
    expect(states.map((f) => [f.name, numberOf(f).values])).toEqual([
      ['uptime', [-2]],
      ['net_delta:WETH', [1]],
      ['net_delta:WBTC', [0]],
      ['total_pnl', [0]],
      ['max_drawdown', [null]],
    ]);
    expect(states.map((f) => numberOf(f).labels)).toEqual(frames.map((f) => numberOf(f).labels));
    expect(numberOf(states[0]).config).toMatchObject({ displayName: 'Quoting uptime: state', unit: 'none' });
    expect(numberOf(states[0]).config?.thresholds).toBeUndefined();
    // An override of WBTC's bands (ok only in [−0.5, 0.5)) is what the state reads: −1 % is a warning below.
    const wbtc: KpiOutcome = { ...outcomes[1], breakdownStates: { WETH: 'warning', WBTC: 'warning' } };
    const overridden = instantFrames({ ...answer, outcomes: [wbtc] }, query({ kpis: [netDelta], state: true }), {
      'net_delta:WBTC': { edges: [-5, -0.5, 0.5, 5] },
    });
    expect(overridden.map((f) => numberOf(f).values)).toEqual([[1], [-1]]);
  });

  it('keeps only the asked asset of a per-asset KPI', () => {
    const deltaOnly = { ...answer, outcomes: [outcomes[1]] };
    const only = instantFrames(deltaOnly, query({ kpis: [netDelta], asset: 'WBTC' }));
    expect(only.map((f) => f.name)).toEqual(['net_delta:WBTC']);
    const none = instantFrames(deltaOnly, query({ kpis: [netDelta], asset: 'USDC' }));
    expect(none.map((f) => numberOf(f).values)).toEqual([[null]]);
    expect(none[0].meta?.notices?.[0]).toMatchObject({ severity: 'warning' });
    expect(numberOf(none[0]).labels).toEqual({ kpi: 'net_delta', area: 'position', asset: 'USDC' });
  });
});

describe('range frames', () => {
  const frames = rangeFrames(answer, query({ mode: 'range' }));

  it('gives each number a timeseries-multi frame of the sample times and the series values', () => {
    expect(frames.map((f) => f.name)).toEqual([
      'uptime',
      'net_delta:WETH',
      'net_delta:WBTC',
      'total_pnl',
      'max_drawdown',
    ]);
    for (const frame of frames) {
      expect(frame.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
      expect(frame.fields[0]).toMatchObject({ type: 'time', name: 'time', values: [60_000, 120_000] });
    }
    expect(frames.map((f) => numberOf(f).values)).toEqual([
      [99, null],
      [1, 3],
      [null, -1],
      [null, -50],
      [null, null],
    ]);
  });

  it('says how many points have no value and why', () => {
    expect(frames[3].meta?.notices).toEqual([
      { severity: 'warning', text: `${totalPnl.name}: 1 of 2 points have no value: quote-log: HTTP 500` },
    ]);
  });
});

// Cases the shared builder must keep for both instant and range frames, with values worked out by hand
// from the catalogue (liquidation_buffer: higher(10, 50), venue breakdown; net_delta: band(-5, -2, 2, 5)).
describe('frames of both kinds', () => {
  const buffer = kpi('liquidation_buffer');
  const bufferOutcome: KpiOutcome = {
    kpi: buffer,
    bands: buffer.bands,
    result: { value: 30, breakdown: { 'aave:maker': 30, 'compound:usdc': 70 }, note: 'one position has no debt' },
    state: 'warning',
    plan: 'risk-early-warning',
  };
  const bufferSeries: SeriesPoint[] = [
    { timeMs: 60_000, result: { value: 80, breakdown: { 'compound:usdc': 80 } } },
    { timeMs: 120_000, result: { value: 30, breakdown: { 'compound:usdc': 70, 'aave:maker': 30 } } },
  ];
  const bufferAnswer: EngineAnswer = {
    window: { fromMs: 0, toMs: 120_000 },
    points: [60_000, 120_000],
    outcomes: [bufferOutcome],
    series: new Map([['liquidation_buffer', bufferSeries]]),
  };
  const bufferQuery = (patch: Partial<ParsedQuery> = {}) => query({ kpis: [buffer], ...patch });

  it("shows a KPI's warnings (a flagged price it was valued at) as warning notices after its note", () => {
    const warning = 'WETH price: the Chainlink answer was older than its 3600 s heartbeat at block #7';
    const warned: EngineAnswer = {
      ...bufferAnswer,
      outcomes: [{ ...bufferOutcome, result: { ...bufferOutcome.result, value: 30, warnings: [warning] } }],
    };
    for (const [frame] of [instantFrames(warned, bufferQuery()), rangeFrames(warned, bufferQuery({ mode: 'range' }))]) {
      expect(frame.meta?.notices).toEqual([
        { severity: 'info', text: 'Liquidation buffer: one position has no debt' },
        { severity: 'warning', text: `Liquidation buffer: ${warning}` },
      ]);
    }
  });

  it('keeps a venue asked by its protocol ("aave" is "aave:maker") and judges the entry on its own value', () => {
    const [instant, ...moreInstant] = instantFrames(bufferAnswer, bufferQuery({ venue: 'aave' }));
    const [range, ...moreRange] = rangeFrames(bufferAnswer, bufferQuery({ mode: 'range', venue: 'aave' }));
    expect(moreInstant).toHaveLength(0);
    expect(moreRange).toHaveLength(0);
    for (const frame of [instant, range]) {
      expect(frame.name).toBe('liquidation_buffer:aave:maker');
      expect(numberOf(frame).labels).toEqual({ kpi: 'liquidation_buffer', area: 'risk', venue: 'aave:maker' });
      // 30 % lies in [10, 50): warning, which opens the early-warning plan.
      expect(frame.meta?.custom).toMatchObject({ state: 'warning', plan: 'risk-early-warning' });
      expect(numberOf(frame).config?.links?.map((l) => l.url)).toEqual([planUrl('risk-early-warning')]);
      expect(numberOf(frame).config?.thresholds?.steps).toEqual([
        { value: null, color: 'red' },
        { value: 10, color: 'orange' },
        { value: 50, color: 'green' },
      ]);
      expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'Liquidation buffer: one position has no debt' }]);
    }
    expect(numberOf(instant).values).toEqual([30]);
    // The aave position first appears at the second point.
    expect(numberOf(range).values).toEqual([null, 30]);
  });

  it("orders a range's entries as its points first show them, and puts the KPI's notices on its first frame only", () => {
    const frames = rangeFrames(bufferAnswer, bufferQuery({ mode: 'range' }));
    expect(frames.map((f) => f.name)).toEqual(['liquidation_buffer:compound:usdc', 'liquidation_buffer:aave:maker']);
    expect(frames.map((f) => numberOf(f).values)).toEqual([
      [80, 70],
      [null, 30],
    ]);
    // 70 % is ok: no plan of its own, so the links offer every plan of the KPI.
    expect(frames[0].meta?.custom).toMatchObject({ state: 'ok', plan: null });
    expect(frames[0].meta?.notices).toHaveLength(1);
    expect(frames[1].meta?.notices).toBeUndefined();
  });

  it('gives a null, labelled as asked, with a warning when the asked venue is not in the answer', () => {
    const [instant] = instantFrames(bufferAnswer, bufferQuery({ venue: 'morpho' }));
    const [range] = rangeFrames(bufferAnswer, bufferQuery({ mode: 'range', venue: 'morpho' }));
    expect(numberOf(instant).values).toEqual([null]);
    expect(numberOf(range).values).toEqual([null, null]);
    expect(range.fields[0].values).toEqual([60_000, 120_000]);
    for (const frame of [instant, range]) {
      expect(frame.name).toBe('liquidation_buffer:morpho');
      expect(numberOf(frame).labels).toEqual({ kpi: 'liquidation_buffer', area: 'risk', venue: 'morpho' });
      expect(frame.meta?.notices).toEqual([
        { severity: 'info', text: 'Liquidation buffer: one position has no debt' },
        { severity: 'warning', text: 'Liquidation buffer: no entry for "morpho" in this range' },
      ]);
    }
  });

  it("judges a per-asset KPI's entry on the asset's overridden bands, in both kinds of frame", () => {
    const overrides = { 'net_delta:WETH': { edges: [-9, -3, 3, 9] } };
    const deltaAnswer: EngineAnswer = { ...answer, outcomes: [{ ...outcomes[1], breakdownStates: undefined }] };
    const instant = instantFrames(deltaAnswer, query({ kpis: [netDelta] }), overrides);
    const range = rangeFrames(deltaAnswer, query({ kpis: [netDelta], mode: 'range' }), overrides);
    for (const frames of [instant, range]) {
      const [weth, wbtc] = frames;
      // WETH at 3 % is warning on the catalogue's bands (from 2) and on the override's (from 3).
      expect(numberOf(weth).config?.thresholds?.steps.map((s) => s.value)).toEqual([null, -9, -3, 3, 9]);
      expect(weth.meta?.custom).toMatchObject({ state: 'warning', plan: 'position-moderate' });
      // WBTC has no override: the catalogue's bands; −1 % is ok.
      expect(numberOf(wbtc).config?.thresholds?.steps.map((s) => s.value)).toEqual([null, -5, -2, 2, 5]);
      expect(wbtc.meta?.custom).toMatchObject({ state: 'ok', plan: null });
    }
  });

  it("makes a not-a-number a null, carries the KPI's parts, and gives a range of a failed KPI its error alone", () => {
    const nanOutcome: KpiOutcome = { ...outcomes[0], result: { value: Number.NaN, parts: { quoting: 5, total: 7 } } };
    const [frame] = instantFrames({ ...answer, outcomes: [nanOutcome] }, query({ kpis: [uptime] }));
    expect(numberOf(frame).values).toEqual([null]);
    expect(frame.meta?.custom).toMatchObject({ parts: { quoting: 5, total: 7 } });

    const [failed] = rangeFrames({ ...answer, outcomes: [outcomes[3]] }, query({ kpis: [drawdown], mode: 'range' }));
    // Both points failed too, but the KPI's own error says it: no second notice about the points.
    expect(failed.meta?.notices).toEqual([
      { severity: 'error', text: `${drawdown.name}: rpc:main: eth_call failed: timeout` },
    ]);
  });

  it('ignores the trend flag in a range: the series is the value, with the value unit and no thresholds', () => {
    const [frame] = rangeFrames(
      { ...answer, outcomes: [outcomes[2]] },
      query({ kpis: [totalPnl], mode: 'range', trend: true })
    );
    expect(numberOf(frame).values).toEqual([null, -50]);
    expect(numberOf(frame).config?.unit).toBe(totalPnl.unit);
    expect(numberOf(frame).config?.thresholds).toBeUndefined();
  });
});
