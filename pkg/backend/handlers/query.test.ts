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

  it.each([
    ['{bad', 'not JSON'],
    ['[1]', 'not a JSON object'],
    ['{"kpi":"nope"}', 'unknown KPI "nope"'],
    ['{"kpi":7}', '"kpi" must be a string'],
    ['{"mode":"later"}', 'mode "later"'],
    ['{"area":"fun"}', 'area "fun"'],
    ['{"kpi":"uptime","asset":"WETH"}', 'not measured per asset'],
    ['{"asset":"DOGE"}', 'asset "DOGE" is not configured'],
  ])("refuses %s as the query's own error", (json, message) => {
    expect(() => parse(json)).toThrow(message);
  });
});
