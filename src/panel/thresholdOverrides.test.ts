import { parseThresholdOverrides } from './thresholdOverrides';

describe('parseThresholdOverrides', () => {
  it('reads key=edges pairs separated by ; or new lines', () => {
    expect(parseThresholdOverrides('uptime=97,99;\n net_delta:WETH = -6, -3, 3, 6')).toEqual({
      overrides: { uptime: { edges: [97, 99] }, 'net_delta:WETH': { edges: [-6, -3, 3, 6] } },
      problems: [],
    });
    expect(parseThresholdOverrides('')).toEqual({ overrides: {}, problems: [] });
  });

  it('keeps the valid overrides and names every problem with the others', () => {
    const { overrides, problems } = parseThresholdOverrides('uptime=99,97; nope=1,2; quote_acceptance=20,35; x');
    expect(overrides).toEqual({ quote_acceptance: { edges: [20, 35] } });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('edges must increase');
    expect(problems[1]).toContain('names no KPI');
    expect(problems[2]).toContain('write key=edge');
  });

  it('refuses a wrong number of edges or a non-number', () => {
    expect(parseThresholdOverrides('uptime=97').problems[0]).toContain('needs 2 edges');
    expect(parseThresholdOverrides('uptime=97,abc').problems[0]).toContain('not a finite number');
  });
});
