import { FieldType, toDataFrame } from '@grafana/data';

import { kpiRows } from './kpiRows';

describe('kpiRows', () => {
  it('one row per KPI field: last value, state and the plan that state opens', () => {
    const frame = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2, 3] },
        { name: 'uptime', type: FieldType.number, values: [99.9, 99.0, 98.7] },
        { name: 'value', type: FieldType.number, labels: { kpi: 'net_delta', asset: 'WETH' }, values: [0, 1, 6] },
        { name: 'not a kpi', type: FieldType.number, values: [1, 2, 3] },
      ],
    });
    const rows = kpiRows([frame]);
    expect(rows.map((row) => [row.kpi.id, row.asset, row.value, row.state, row.plan])).toEqual([
      ['uptime', undefined, 98.7, 'warning', 'uptime-warning'],
      ['net_delta', 'WETH', 6, 'critical', 'position-high-risk'],
    ]);
  });

  it('a KPI with no value has no state and no plan', () => {
    const frame = toDataFrame({ fields: [{ name: 'uptime', type: FieldType.number, values: [null, Number.NaN] }] });
    const [row] = kpiRows([frame]);
    expect(row.value).toBeUndefined();
    expect(row.state).toBeUndefined();
    expect(row.plan).toBeUndefined();
  });
});
