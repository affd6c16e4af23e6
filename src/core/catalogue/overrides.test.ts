import { findKpi, KPIS, planFor, resolveBands, stateOf, validateOverrides } from './index';

const uptime = findKpi('uptime')!;
const delta = findKpi('net_delta')!;

describe('band overrides per data source', () => {
  it('replace the edges and keep the states and plans', () => {
    const bands = resolveBands(uptime, { uptime: { edges: [95, 99] } });
    expect(bands).toEqual([
      { from: null, state: 'critical' },
      { from: 95, state: 'warning' },
      { from: 99, state: 'ok' },
    ]);
    expect(stateOf(bands, 97)).toBe('warning');
    expect(planFor(uptime, 97, bands)).toBe('uptime-warning');
    // The catalogue itself is untouched.
    expect(uptime.bands[1].from).toBe(98);
  });

  it('per-asset keys beat the KPI-wide key, which beats the catalogue', () => {
    const overrides = {
      net_delta: { edges: [-10, -4, 4, 10] },
      'net_delta:WBTC': { edges: [-20, -8, 8, 20] },
    };
    expect(resolveBands(delta, overrides, 'WBTC')[1].from).toBe(-20);
    expect(resolveBands(delta, overrides, 'WETH')[1].from).toBe(-10);
    expect(resolveBands(delta, {}, 'WETH')[1].from).toBe(-5);
  });

  it('report every problem, naming the key and the fix', () => {
    const errors = validateOverrides(KPIS, {
      uptim: { edges: [1, 2] },
      uptime: { edges: [99] },
      'uptime:WETH': { edges: [98, 99] },
      quote_response_ms: { edges: [900, 800] },
      node_health: { edges: [80, Number.NaN] },
    });
    const messages = errors.map((error) => error.message);
    expect(messages).toEqual([
      expect.stringMatching(/"uptim" names no KPI/),
      expect.stringMatching(/"uptime" needs 2 edges.*current edges are \[98, 99\.5\]/),
      expect.stringMatching(/uptime is not per asset/),
      expect.stringMatching(/"quote_response_ms" edges must increase/),
      expect.stringMatching(/"node_health" has an edge that is not a finite number/),
    ]);
    expect(errors.every((error) => error.source === 'band overrides')).toBe(true);
  });

  it('a bad override fails loudly for its KPI instead of falling back silently', () => {
    expect(() => resolveBands(uptime, { uptime: { edges: [99, 98] } })).toThrow(/edges must increase/);
  });
});
