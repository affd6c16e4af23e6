import { findKpi } from '../core/catalogue';
import { bandRanges, formatEdge } from './bandText';

describe('bandRanges', () => {
  it("gives each state's range in the unit, the first edge inclusive (Grafana's thresholds)", () => {
    const uptime = findKpi('uptime')!;
    expect(bandRanges(uptime.bands, (v) => formatEdge(v, uptime, 'percent'))).toEqual([
      { state: 'critical', text: '< 98%' },
      { state: 'warning', text: '≥ 98% and < 99.5%' },
      { state: 'ok', text: '≥ 99.5%' },
    ]);
  });

  it('keeps both sides of a band KPI, and a trend KPI per day', () => {
    const delta = findKpi('net_delta')!;
    expect(bandRanges(delta.bands, (v) => formatEdge(v, delta, 'percent')).map((range) => range.text)).toEqual([
      '< -5%',
      '≥ -5% and < -2%',
      '≥ -2% and < 2%',
      '≥ 2% and < 5%',
      '≥ 5%',
    ]);
    const pnl = findKpi('total_pnl')!;
    expect(bandRanges(pnl.bands, (v) => formatEdge(v, pnl, 'currencyUSD'))).toEqual([
      { state: 'critical', text: '< -$10K/day' },
      { state: 'warning', text: '≥ -$10K/day and < $0/day' },
      { state: 'ok', text: '≥ $0/day' },
    ]);
  });
});
