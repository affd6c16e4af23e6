import { interpolateQuery } from './interpolate';

// A stand-in for Grafana's templateSrv: the dashboard's current values, "$name" replaced by them.
const values: Record<string, string> = { asset: 'WETH', wallet: 'maker', kpi: 'net_delta', none: '' };
const replace = (text: string) => text.replace(/\$(\w+)/g, (match, name: string) => values[name] ?? match);

describe('template variables in a query', () => {
  it('replaces $kpi, $asset and a $wallet inside a venue key', () => {
    expect(
      interpolateQuery({ refId: 'A', kpi: '$kpi', asset: '$asset', venue: 'aave:$wallet', mode: 'range' }, replace)
    ).toEqual({
      refId: 'A',
      kpi: 'net_delta',
      asset: 'WETH',
      venue: 'aave:maker',
      mode: 'range',
    });
  });

  it('a variable set to nothing widens the query instead of naming an empty entry', () => {
    expect(interpolateQuery({ refId: 'A', asset: '$none' }, replace).asset).toBeUndefined();
  });

  it('leaves the other keys alone', () => {
    const query = { refId: 'A', statistic: 'trend' as const, eventKinds: ['flash-loan' as const] };
    expect(interpolateQuery(query, replace)).toEqual(query);
  });
});
