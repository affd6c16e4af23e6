import { findKpi, KPIS } from '../../../core/catalogue';
import { entryOptions, joinVenue, kpiOptions, pickersFor, splitVenue, withVariables } from './queryOptions';

describe('query editor options', () => {
  it('an empty KPI means all KPIs, of the area when one is picked', () => {
    const all = kpiOptions(KPIS, undefined);
    expect(all[0]).toMatchObject({ label: 'All KPIs', value: '' });
    expect(all).toHaveLength(KPIS.length + 1);
    const risk = kpiOptions(KPIS, 'risk');
    expect(risk[0].label).toBe('All risk KPIs');
    expect(risk.slice(1).every((option) => findKpi(option.value)?.area === 'risk')).toBe(true);
  });

  it('each KPI gets the pickers of its breakdown', () => {
    expect(pickersFor(findKpi('net_delta'), 'range')).toEqual({ asset: true, entry: undefined, statistic: false });
    expect(pickersFor(findKpi('liquidation_buffer'), 'range')).toMatchObject({ asset: false, entry: 'venue' });
    expect(pickersFor(findKpi('node_health'), 'range')).toMatchObject({ entry: 'node' });
    // Total PnL is judged on its trend: only an instant query can ask for the judged slope.
    expect(pickersFor(findKpi('total_pnl'), 'instant').statistic).toBe(true);
    expect(pickersFor(findKpi('total_pnl'), 'range').statistic).toBe(false);
  });

  it('a lending position is a venue and a wallet', () => {
    expect(splitVenue('aave:maker')).toEqual({ venue: 'aave', wallet: 'maker' });
    expect(splitVenue('cUSDCv3 (demo)')).toEqual({ venue: 'cUSDCv3 (demo)' });
    expect(joinVenue('aave', '$wallet')).toBe('aave:$wallet');
    expect(joinVenue(undefined, 'maker')).toBeUndefined();
  });

  it('venue pickers list the lending venues, node pickers the nodes', () => {
    const venues = [
      { kind: 'aave-v3', name: 'aave', address: '0x1' },
      { kind: '1inch', name: '1inch Limit Order Protocol', address: '0x2' },
      { kind: 'hedge-venue', name: 'perps' },
    ];
    expect(entryOptions('venue', venues, []).map((o) => o.value)).toEqual(['', 'aave']);
    expect(entryOptions('node', venues, [{ name: 'alchemy', reference: true }]).map((o) => o.value)).toEqual([
      '',
      'alchemy',
    ]);
  });

  it('variables come right after the "all" entry', () => {
    const options = withVariables(
      [
        { label: 'All', value: '' },
        { label: 'WETH', value: 'WETH' },
      ],
      ['$asset']
    );
    expect(options.map((o) => o.value)).toEqual(['', '$asset', 'WETH']);
  });
});
