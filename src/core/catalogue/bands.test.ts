import { describeBands, findKpi, planFor, sideOf, stateNumber, stateOf, type KpiDefinition } from './index';

const kpi = (id: string): KpiDefinition => {
  const found = findKpi(id);
  if (!found) {
    throw new Error(`no KPI ${id}`);
  }
  return found;
};

describe('reading a value against bands (hand-checked against the seed)', () => {
  it('uptime: the seed’s critical (< 98 %), warning (98–99.5 %) and ok levels, with their plans', () => {
    const uptime = kpi('uptime');
    expect([97.9, 98, 98.7, 99.49, 99.5, 100].map((v) => stateOf(uptime.bands, v))).toEqual([
      'critical',
      'warning',
      'warning',
      'warning',
      'ok',
      'ok',
    ]);
    // The example: 98.7 % opens "Warning level response".
    expect(planFor(uptime, 98.7)).toBe('uptime-warning');
    expect(planFor(uptime, 97)).toBe('uptime-critical');
    expect(planFor(uptime, 99.9)).toBeUndefined();
  });

  it('lower-is-better: quote response 499 ms ok, 500 ms warning, 1,000 ms critical', () => {
    const response = kpi('quote_response_ms');
    expect([0, 499, 500, 999, 1000, 5000].map((v) => stateOf(response.bands, v))).toEqual([
      'ok',
      'ok',
      'warning',
      'warning',
      'critical',
      'critical',
    ]);
    expect(planFor(response, 750)).toBe('uptime-warning');
  });

  it('two-sided: net delta opens the moderate plan at ±3 % and the high-risk plan beyond ±5 %', () => {
    const delta = kpi('net_delta');
    expect(stateOf(delta.bands, 0)).toBe('ok');
    expect(stateOf(delta.bands, -1.99)).toBe('ok');
    expect(planFor(delta, -3)).toBe('position-moderate');
    expect(planFor(delta, 3)).toBe('position-moderate');
    expect(planFor(delta, -6)).toBe('position-high-risk');
    expect(planFor(delta, 6)).toBe('position-high-risk');
  });

  it('two-sided with different plans per side: inventory level low vs high', () => {
    const level = kpi('inventory_level');
    expect(planFor(level, 30)).toBe('inventory-low');
    expect(planFor(level, 10)).toBe('inventory-low');
    expect(planFor(level, 170)).toBe('inventory-high');
    expect(planFor(level, 250)).toBe('inventory-high');
    expect(sideOf(level.bands, 100)).toBe('inside');
    expect(planFor(level, 100)).toBeUndefined();
  });

  it('a state as a number: 0 ok, 1 warning, 2 critical, negative below the ok range', () => {
    // Inventory level, critical < 25 ≤ warning < 50 ≤ ok < 150 ≤ warning < 200 ≤ critical.
    const level = kpi('inventory_level');
    expect([10, 30, 100, 170, 250].map((v) => stateNumber(level.bands, v))).toEqual([-2, -1, 0, 1, 2]);
    // Uptime is bad only below: 97 % critical, 98.7 % warning.
    expect([97, 98.7, 99.9].map((v) => stateNumber(kpi('uptime').bands, v))).toEqual([-2, -1, 0]);
    // A state given by the engine (an entry judged under its own bands) keeps its side from the value.
    expect(stateNumber(level.bands, 170, 'critical')).toBe(2);
    expect(stateNumber(level.bands, null)).toBeNull();
    expect(stateNumber(level.bands, Number.NaN)).toBeNull();
  });

  it('no value is no state and no plan, never "ok"', () => {
    const uptime = kpi('uptime');
    expect(stateOf(uptime.bands, null)).toBeUndefined();
    expect(stateOf(uptime.bands, undefined)).toBeUndefined();
    expect(stateOf(uptime.bands, Number.NaN)).toBeUndefined();
    expect(planFor(uptime, null)).toBeUndefined();
  });

  it('infinite values fall in the outermost steps', () => {
    const buffer = kpi('liquidation_buffer');
    expect(stateOf(buffer.bands, Number.POSITIVE_INFINITY)).toBe('ok');
    expect(stateOf(buffer.bands, Number.NEGATIVE_INFINITY)).toBe('critical');
  });

  it('describes bands in one line', () => {
    expect(describeBands(kpi('uptime').bands)).toBe('critical < 98 ≤ warning < 99.5 ≤ ok');
  });
});
