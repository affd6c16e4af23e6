import { KPIS, kpisOfArea } from '../../../src/core/catalogue';
import type { PmmSettings } from '../../../src/core/settings/types';
import { parseQuery } from './query';

const settings = { assets: [{ symbol: 'WETH', address: '0x0' }] } as unknown as PmmSettings;
const parse = (json: string) => parseQuery('A', Buffer.from(json), settings);

describe('parseQuery', () => {
  it('reads an empty query as every KPI over the range', () => {
    expect(parse('')).toMatchObject({ refId: 'A', kpis: [...KPIS], single: false, mode: 'range' });
    expect(parse('{"refId":"A","datasource":{"uid":"x"}}')).toMatchObject({ kpis: [...KPIS], mode: 'range' });
  });

  it('reads one KPI, an area, an asset and the mode', () => {
    expect(parse('{"kpi":"net_delta","asset":"WETH","mode":"instant"}')).toMatchObject({
      kpis: [KPIS.find((k) => k.id === 'net_delta')],
      single: true,
      mode: 'instant',
      asset: 'WETH',
    });
    expect(parse('{"area":"risk"}').kpis).toEqual(kpisOfArea('risk'));
  });

  it('reads the statistic: the trend, or the band state of an instant query', () => {
    expect(parse('{"kpi":"total_pnl","mode":"instant","statistic":"trend"}')).toMatchObject({
      trend: true,
      state: false,
    });
    expect(parse('{"kpi":"net_delta","mode":"instant","statistic":"state"}')).toMatchObject({
      trend: false,
      state: true,
    });
    expect(parse('{"kpi":"net_delta","mode":"instant"}')).toMatchObject({ trend: false, state: false });
  });

  it.each([
    ['{bad', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"kpi":"nope"}', 'unknown KPI "nope"'],
    ['{"kpi":7}', '"kpi" must be a string'],
    ['{"mode":"later"}', 'mode "later"'],
    ['{"area":"fun"}', 'area "fun"'],
    ['{"kpi":"uptime","asset":"WETH"}', 'not measured per asset'],
    ['{"asset":"DOGE"}', 'asset "DOGE" is not configured'],
    ['{"kpi":"uptime","statistic":"median","mode":"instant"}', 'statistic "median" is not one of value, trend, state'],
    ['{"kpi":"uptime","statistic":"state"}', 'statistic "state" is answered for instant queries only'],
  ])("refuses %s as the query's own error", (json, message) => {
    expect(() => parse(json)).toThrow(message);
  });
});
