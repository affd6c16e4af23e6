import { FieldType, toDataFrame } from '@grafana/data';

import { kpiRows } from './kpiRows';
import { sortRows } from './sortRows';

const frame = (kpi: string, value: number, labels: Record<string, string> = {}) =>
  toDataFrame({ fields: [{ name: kpi, type: FieldType.number, labels: { kpi, ...labels }, values: [value] }] });

// States by the catalogue: total_pnl has no trend here (no state); uptime 99.9 ok; var 4 warning
// (3 ≤ 4 < 5); concentration 50 critical (≥ 40); inventory_level of WETH 100 ok.
const rows = kpiRows([
  frame('var_99_1d', 4),
  frame('uptime', 99.9),
  frame('total_pnl', 10),
  frame('concentration', 50),
  frame('inventory_level', 100, { asset: 'WETH' }),
]);

describe('sortRows', () => {
  it('groups by area in the framework order', () => {
    expect(sortRows(rows, 'area').map((group) => [group.area, group.rows.map((row) => row.kpi.id)])).toEqual([
      ['uptime', ['uptime']],
      ['position', ['concentration']],
      ['inventory', ['inventory_level']],
      ['risk', ['var_99_1d']],
      ['performance', ['total_pnl']],
    ]);
  });

  it('sorts by severity: critical, warning, ok (catalogue order among equals), no data last', () => {
    const [group] = sortRows(rows, 'severity');
    expect(group.rows.map((row) => row.kpi.id)).toEqual([
      'concentration',
      'var_99_1d',
      'uptime',
      'inventory_level',
      'total_pnl',
    ]);
  });

  it('sorts by the name a user reads', () => {
    const [group] = sortRows(rows, 'name');
    expect(group.rows.map((row) => row.kpi.name)).toEqual([...group.rows.map((row) => row.kpi.name)].sort());
    expect(group.rows[0].kpi.id).toBe('inventory_level');
  });
});
