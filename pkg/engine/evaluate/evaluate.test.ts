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
    expect(delta.result?.note).toBe(
      `state from ${new Date(T0 + DAY).toISOString()} (block ${(T0 + DAY) / 3_600_000}) on: nothing to value before it`
    );
    // A KPI that reads no state says nothing of it.
    expect(evaluateKpi(kpi('node_health'), late, { fromMs: T0, toMs: T0 + 2 * DAY }).result?.note ?? '').not.toContain(
      'state from'
    );
  });

  it('says nothing when the state reaches back to the range start', () => {
    expect(evaluateKpi(kpi('net_delta'), late, { fromMs: T0 + DAY, toMs: T0 + 2 * DAY }).result?.note).toBeUndefined();
  });
});
