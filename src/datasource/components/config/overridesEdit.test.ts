import { overrideKeys, overridesOf, parseEdges, rowProblem, rowsOf } from './overridesEdit';

describe('config editor: target overrides', () => {
  it('rows round-trip the saved overrides', () => {
    const rows = rowsOf({ uptime: { edges: [97, 99] } });
    expect(rows).toEqual([{ key: 'uptime', edgesText: '97, 99' }]);
    expect(overridesOf(rows)).toEqual({ uptime: { edges: [97, 99] } });
  });

  it('edges are numbers separated by commas', () => {
    expect(parseEdges('97, 99.5')).toEqual([97, 99.5]);
    expect(parseEdges('97,')).toMatch(/separated by commas/);
    expect(parseEdges('97, high')).toBe('"high" is not a number');
  });

  it('each wrong row says why, and nothing is saved until all are right', () => {
    const rows = [
      { key: 'uptime', edgesText: '99, 97' },
      { key: 'uptime:WETH', edgesText: '97, 99' },
      { key: '', edgesText: '1' },
    ];
    expect(rowProblem(rows[0], rows)).toMatch(/edges must increase/);
    expect(rowProblem(rows[1], rows)).toMatch(/uptime is not per asset/);
    expect(rowProblem(rows[2], rows)).toBe('pick a KPI');
    expect(overridesOf(rows)).toBeUndefined();
  });

  it('the same KPI twice is a problem of both rows', () => {
    const rows = [
      { key: 'uptime', edgesText: '97, 99' },
      { key: 'uptime', edgesText: '96, 99' },
    ];
    expect(rowProblem(rows[1], rows)).toMatch(/overridden twice/);
  });

  it('per-asset KPIs are offered once per configured asset', () => {
    const values = overrideKeys(['WETH', 'USDC']).map((option) => option.value);
    expect(values).toContain('net_delta:WETH');
    expect(values).toContain('net_delta:USDC');
    expect(values).not.toContain('uptime:WETH');
  });
});
