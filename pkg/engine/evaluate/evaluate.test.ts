import { findKpi, KPIS } from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import { REGISTRY } from '../kpis';
import { DAY, T0, dataset, holdings, snapshot } from '../kpis/testDataset';
import { evaluateAll, evaluateKpi, evaluateSeries, pointWindow } from './evaluate';

/** WETH 10.3 units against a neutral of 10, and a quote log that is down. */
function emptyDataset() {
  return dataset({
    assets: [{ symbol: 'WETH', stable: false, neutralUnits: 10 }],
    snapshots: [snapshot(T0, { prices: { WETH: 2000 }, holdings: { WETH: holdings({ wallets: 10.3 }) } })],
    rfqs: new PmmError('quote-log', 'connection refused', { fix: 'check the quote log URL' }),
  });
}

describe('evaluating the catalogue', () => {
  it('has a formula for every catalogue KPI and none that is not in it, each with its catalogue entry', () => {
    expect(Object.keys(REGISTRY).sort()).toEqual(KPIS.map((k) => k.id).sort());
    for (const kpi of KPIS) {
      expect(REGISTRY[kpi.id].id).toBe(kpi.id);
      expect(REGISTRY[kpi.id].kpi).toBe(kpi);
      expect(REGISTRY[kpi.id].needs).toBe(kpi.reads);
    }
  });

  it('fails only the KPIs whose source failed, naming it', () => {
    const outcomes = evaluateAll(emptyDataset(), { fromMs: T0, toMs: T0 + DAY });
    const failed = outcomes.filter((o) => o.error).map((o) => o.kpi.id);
    expect(failed.sort()).toEqual(['quote_response_ms', 'quote_acceptance', 'uptime'].sort());
    expect(outcomes.find((o) => o.kpi.id === 'uptime')?.error?.message).toMatch(/quote-log: connection refused/);
    // net delta read the snapshot: 10.3 vs neutral 10 → +3 %, a warning that opens the moderate plan
    const delta = outcomes.find((o) => o.kpi.id === 'net_delta');
    expect(delta?.result?.value).toBeCloseTo(3, 10);
    expect(delta?.state).toBe('warning');
    expect(delta?.plan).toBe('position-moderate');
    expect(delta?.breakdownStates).toEqual({ WETH: 'warning' });
  });

  it('applies a band override for the state and the plan', () => {
    const kpi = findKpi('net_delta');
    if (!kpi) {
      throw new Error('net_delta');
    }
    const outcome = evaluateKpi(
      kpi,
      emptyDataset(),
      { fromMs: T0, toMs: T0 + DAY },
      {
        net_delta: { edges: [-8, -4, 4, 8] },
      }
    );
    expect(outcome.state).toBe('ok');
  });

  describe('per-asset bands decide the headline of a per-asset KPI, its state and its plan', () => {
    // WETH: 10.6 vs neutral 10 → +6 % (critical under the catalogue's ±2/±5);
    // WBTC: 41.2 vs neutral 40 → +3 % (warning under the catalogue's bands).
    const twoAssets = dataset({
      assets: [
        { symbol: 'WETH', stable: false, neutralUnits: 10 },
        { symbol: 'WBTC', stable: false, neutralUnits: 40 },
      ],
      snapshots: [
        snapshot(T0, {
          prices: { WETH: 2000, WBTC: 50_000 },
          holdings: { WETH: holdings({ wallets: 10.6 }), WBTC: holdings({ wallets: 41.2 }) },
        }),
      ],
    });
    const delta = findKpi('net_delta')!;
    const window = { fromMs: T0, toMs: T0 + DAY };

    it('without overrides: the worst asset under the catalogue bands', () => {
      const outcome = evaluateKpi(delta, twoAssets, window);
      expect(outcome.result?.value).toBeCloseTo(6, 9);
      expect([outcome.headlineEntry, outcome.state, outcome.plan]).toEqual(['WETH', 'critical', 'position-high-risk']);
    });

    it('an asset whose own wider bands call it ok gives up the headline to one in trouble under its own', () => {
      // WETH's own bands ±7/±10: +6 % is ok there; WBTC +3 % is a warning under the catalogue's.
      const outcome = evaluateKpi(delta, twoAssets, window, { 'net_delta:WETH': { edges: [-10, -7, 7, 10] } });
      expect(outcome.result?.value).toBeCloseTo(3, 9);
      expect([outcome.headlineEntry, outcome.state, outcome.plan]).toEqual(['WBTC', 'warning', 'position-moderate']);
      expect(outcome.breakdownStates).toEqual({ WETH: 'ok', WBTC: 'warning' });
      expect(outcome.bands).toEqual(delta.bands);
    });

    it("an asset's tighter bands make the headline critical, with that asset's bands and plan", () => {
      // WETH ±7/±10 (ok at +6 %), WBTC ±1/±2.5: +3 % is critical under its own bands.
      const overrides = {
        'net_delta:WETH': { edges: [-10, -7, 7, 10] },
        'net_delta:WBTC': { edges: [-2.5, -1, 1, 2.5] },
      };
      const outcome = evaluateKpi(delta, twoAssets, window, overrides);
      expect(outcome.result?.value).toBeCloseTo(3, 9);
      expect([outcome.headlineEntry, outcome.state, outcome.plan]).toEqual(['WBTC', 'critical', 'position-high-risk']);
      expect(outcome.bands.map((s) => s.from)).toEqual([null, -2.5, -1, 1, 2.5]);
      // The series' points pick their headline the same way.
      const [point] = evaluateSeries(delta, twoAssets, window, [T0 + DAY], overrides);
      expect(point.result?.value).toBeCloseTo(3, 9);
    });
  });

  it('gives each series point its window: the bucket, since the start, or the day before', () => {
    const range = { fromMs: T0, toMs: T0 + 3 * DAY };
    const points = [T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY];
    const of = (id: string) => {
      const kpi = findKpi(id);
      if (!kpi) {
        throw new Error(id);
      }
      return kpi;
    };
    expect(pointWindow(of('uptime'), range, points, 1)).toEqual({ fromMs: T0 + DAY, toMs: T0 + 2 * DAY });
    expect(pointWindow(of('max_drawdown'), range, points, 2)).toEqual({ fromMs: T0, toMs: T0 + 3 * DAY });
    expect(pointWindow(of('inventory_turnover'), range, points, 0)).toEqual({ fromMs: T0, toMs: T0 + DAY });
    const series = evaluateSeries(of('net_delta'), emptyDataset(), range, points);
    expect(series.map((p) => p.result?.value)).toEqual(points.map(() => expect.closeTo(3, 10)));
  });
});

describe('a state KPI whose range begins before its first state', () => {
  const kpi = (id: string) => {
    const found = findKpi(id);
    if (!found) {
      throw new Error(id);
    }
    return found;
  };
  const late = dataset({
    assets: [{ symbol: 'WETH', stable: false, neutralUnits: 10 }],
    snapshots: [snapshot(T0 + DAY, { prices: { WETH: 2000 }, holdings: { WETH: holdings({ wallets: 10 }) } })],
  });

  it('says from when, and which block, its state was read', () => {
    const delta = evaluateKpi(kpi('net_delta'), late, { fromMs: T0, toMs: T0 + 2 * DAY });
    // After the formula's own note (revision 2: net delta names the neutral level in force).
    expect(delta.result?.note).toBe(
      `WETH: neutral level 10 units; state from ${new Date(T0 + DAY).toISOString()} (block ${(T0 + DAY) / 3_600_000}) on: nothing to value before it`
    );
    // A KPI that reads no state says nothing of it.
    expect(evaluateKpi(kpi('node_health'), late, { fromMs: T0, toMs: T0 + 2 * DAY }).result?.note ?? '').not.toContain(
      'state from'
    );
  });

  it('says nothing when the state reaches back to the range start', () => {
    expect(evaluateKpi(kpi('net_delta'), late, { fromMs: T0 + DAY, toMs: T0 + 2 * DAY }).result?.note).toBe(
      'WETH: neutral level 10 units'
    );
  });
});
