import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';

import { kpiRows } from './kpiRows';
import { sortRows } from './sortRows';

/** An instant frame as the backend writes it: one number field labelled with the KPI and its entry. */
function instant(kpi: string, value: number | null, labels: Record<string, string> = {}, meta = {}): DataFrame {
  return toDataFrame({
    refId: 'A',
    meta: { type: 'numeric-multi', custom: meta },
    fields: [{ name: kpi, type: FieldType.number, labels: { kpi, ...labels }, values: [value] }],
  });
}

function range(kpi: string, values: Array<number | null>, labels: Record<string, string> = {}): DataFrame {
  return toDataFrame({
    refId: 'B',
    meta: { type: 'timeseries-multi' },
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => 1000 * (i + 1)) },
      { name: kpi, type: FieldType.number, labels: { kpi, ...labels }, values },
    ],
  });
}

describe('kpiRows', () => {
  it('one row per KPI number: value, state and the plan that state opens (uptime bands: 98 / 99.5)', () => {
    const rows = kpiRows([instant('uptime', 98.7), instant('net_delta', 6, { asset: 'WETH' })]);
    expect(rows.map((row) => [row.kpi.id, row.entry, row.value, row.state, row.plan])).toEqual([
      // 98 ≤ 98.7 < 99.5: warning, below the ok range.
      ['uptime', undefined, 98.7, 'warning', 'uptime-warning'],
      // 6 ≥ 5: critical, above the ok range.
      ['net_delta', 'WETH', 6, 'critical', 'position-high-risk'],
    ]);
  });

  it("shows a decomposition's parts under the value, in the order they add up, never judged", () => {
    const pnl = (value: number, part?: string) =>
      instant('total_pnl', value, { area: 'performance', ...(part ? { part } : {}) }, { trend: -20_000 });
    const rows = kpiRows([pnl(-50), pnl(30, 'spreadUsd'), pnl(-70, 'inventoryMtmUsd'), pnl(-10, 'residualUsd')]);
    const sorted = sortRows(rows, 'area')[0].rows;
    expect(sorted.map((row) => [row.entry, row.value, row.state, row.partIndex])).toEqual([
      // total PnL's bands judge its trend: −20,000 USD/day is below −10,000, critical
      [undefined, -50, 'critical', undefined],
      ['spreadUsd', 30, undefined, 0],
      ['inventoryMtmUsd', -70, undefined, 1],
      ['residualUsd', -10, undefined, 2],
    ]);
  });

  it('keys rows by the full label set: node and venue entries of one KPI stay apart', () => {
    const rows = kpiRows([
      instant('network_latency_ms', 120, { area: 'uptime', node: 'rpc:main' }),
      instant('network_latency_ms', 650, { area: 'uptime', node: 'quote-log' }),
      instant('liquidation_buffer', 60, { area: 'risk', venue: 'aave:maker' }),
      instant('liquidation_buffer', 30, { area: 'risk', venue: 'comet:maker' }),
    ]);
    expect(rows.map((row) => [row.kpi.id, row.entry, row.state])).toEqual([
      ['network_latency_ms', 'rpc:main', 'ok'],
      // 650 ≥ 500: critical.
      ['network_latency_ms', 'quote-log', 'critical'],
      ['liquidation_buffer', 'aave:maker', 'ok'],
      // 10 ≤ 30 < 50: warning.
      ['liquidation_buffer', 'comet:maker', 'warning'],
    ]);
    expect(new Set(rows.map((row) => row.key)).size).toBe(4);
  });

  it('merges the instant value and the range series of one number; the change runs first to latest point', () => {
    const rows = kpiRows([
      range('uptime', [null, 99.9, 99.0, 98.2, null], { area: 'uptime' }),
      instant('uptime', 98.9, { area: 'uptime' }),
    ]);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row.value).toBe(98.9);
    expect(row.series?.values).toEqual([null, 99.9, 99.0, 98.2, null]);
    expect(row.change).toBeCloseTo(98.2 - 99.9, 10);
    expect(row.state).toBe('warning');
  });

  it('without an instant answer the value is the latest point of the range', () => {
    const [row] = kpiRows([range('concentration', [10, 30, 45, null])]);
    expect(row.value).toBe(45);
    // 45 ≥ 40: critical, above.
    expect([row.state, row.plan]).toEqual(['critical', 'position-high-risk']);
    expect(row.change).toBe(35);
  });

  it('judges a trend KPI on the slope the frame carries, not on its value', () => {
    // Total PnL is positive, but it falls 12,000 USD a day: below -10,000 is critical.
    const [row] = kpiRows([instant('total_pnl', 50_000, {}, { trend: -12_000, state: 'critical' })]);
    expect(row.value).toBe(50_000);
    expect(row.judged).toBe(-12_000);
    expect([row.state, row.plan]).toEqual(['critical', 'performance-recovery']);
  });

  it("judges a trend KPI on the data source's trend edges in force (a band override), else the catalogue's", () => {
    // Catalogue: critical under -10,000 USD/day, warning under 0. An override to edges -20,000 and -5,000
    // makes a -12,000 slope a warning, and its plan the warning's.
    const [moved] = kpiRows([instant('total_pnl', 50_000, {}, { trend: -12_000, trendEdges: [-20_000, -5_000] })]);
    expect(moved.bands.map((step) => step.from)).toEqual([null, -20_000, -5_000]);
    expect(moved.state).toBe('warning');
    // Edges that do not fit the KPI (one edge where it has two) are set aside for the catalogue's.
    const [kept] = kpiRows([instant('total_pnl', 50_000, {}, { trend: -12_000, trendEdges: [-5_000] })]);
    expect(kept.state).toBe('critical');
  });

  it("judges on the field's threshold edges, with the KPI's own states whatever their colours", () => {
    const withSteps = (steps: Array<{ value: number | null; color: string }>) => {
      const frame = instant('uptime', 98.7);
      frame.fields[0].config.thresholds = { mode: 'absolute' as never, steps: steps as never };
      return kpiRows([frame])[0];
    };
    // Edges 95 and 98 on uptime's critical / warning / ok: 98.7 ≥ 98 is ok.
    const moved = withSteps([
      { value: -Infinity, color: 'purple' },
      { value: 95, color: 'blue' },
      { value: 98, color: 'yellow' },
    ]);
    expect(moved.bands).toEqual([
      { from: null, state: 'critical' },
      { from: 95, state: 'warning' },
      { from: 98, state: 'ok' },
    ]);
    expect([moved.state, moved.notices]).toEqual(['ok', []]);
    // The backend's null first step, after Grafana put the panel's default base step before it: two edges.
    const based = withSteps([
      { value: -Infinity, color: 'green' },
      { value: null, color: 'red' },
      { value: 98.8, color: 'orange' },
      { value: 99, color: 'green' },
    ]);
    // 98.7 < 98.8: critical.
    expect(based.state).toBe('critical');
    // Three edges do not fit uptime's two: set aside, said, and the catalogue's 98 / 99.5 judge (warning).
    const odd = withSteps([
      { value: -Infinity, color: 'red' },
      { value: 90, color: 'orange' },
      { value: 95, color: 'yellow' },
      { value: 99, color: 'green' },
    ]);
    expect(odd.state).toBe('warning');
    expect(odd.notices).toEqual([expect.stringContaining('thresholds set aside')]);
    expect(odd.noticeLevel).toBe('warning');
  });

  it('titles a row by its display name override, a part by its readable name, else the KPI and entry', () => {
    const renamed = instant('uptime', 99.9);
    renamed.fields[0].config.displayName = 'Desk uptime';
    const backendNamed = instant('net_delta', 1, { asset: 'WETH' });
    backendNamed.fields[0].config.displayName = 'Net position delta (WETH)';
    const part = instant('total_pnl', 5, { part: 'inventoryMtmUsd' });
    part.fields[0].config.displayName = 'Total PnL (inventoryMtmUsd)';
    expect(kpiRows([renamed, backendNamed, part]).map((row) => row.title)).toEqual([
      'Desk uptime',
      'Net position delta (WETH)',
      'Inventory MTM',
    ]);
  });

  it('a KPI with no value has no state and no plan; fields that are not KPIs are skipped', () => {
    const rows = kpiRows([
      toDataFrame({
        fields: [
          { name: 'uptime', type: FieldType.number, values: [null, Number.NaN] },
          { name: 'not a kpi', type: FieldType.number, values: [1] },
        ],
      }),
    ]);
    expect(rows).toHaveLength(1);
    expect([rows[0].value, rows[0].state, rows[0].plan]).toEqual([undefined, undefined, undefined]);
  });

  it("keeps the gravest of a KPI's notices: an information stays one until a warning or an error joins it", () => {
    const noticed = (severity: 'info' | 'warning' | 'error', text: string) => {
      const frame = instant('net_delta', 1, { asset: 'WETH' });
      frame.meta = { ...frame.meta, notices: [{ severity, text }] };
      return frame;
    };
    const [info] = kpiRows([noticed('info', 'state from 2026-11-29 on')]);
    expect(info.notices).toEqual(['state from 2026-11-29 on']);
    expect(info.noticeLevel).toBe('info');
    const [warned] = kpiRows([noticed('info', 'state from 2026-11-29 on'), noticed('warning', 'no entry')]);
    expect(warned.notices).toEqual(['state from 2026-11-29 on', 'no entry']);
    expect(warned.noticeLevel).toBe('warning');
    expect(kpiRows([noticed('error', 'feed down'), noticed('info', 'state from')])[0].noticeLevel).toBe('error');
    expect(kpiRows([instant('net_delta', 1, { asset: 'WETH' })])[0].noticeLevel).toBeUndefined();
  });

  it('says why a number is missing: its error, else the engine’s note, else its first notice', () => {
    const missing = (...notices: Array<{ severity: 'info' | 'warning' | 'error'; text: string }>) => {
      const frame = instant('var_99_1d', null);
      frame.meta = { ...frame.meta, notices };
      return kpiRows([frame])[0];
    };
    const stale = { severity: 'warning' as const, text: 'WETH price: stale feed' };
    const note = { severity: 'info' as const, text: '4 daily returns; VaR needs at least 30' };
    const failed = { severity: 'error' as const, text: 'rpc: timed out' };
    expect(missing(stale, note).reason).toBe('4 daily returns; VaR needs at least 30');
    expect(missing(stale, note, failed).reason).toBe('rpc: timed out');
    expect(missing(stale).reason).toBe('WETH price: stale feed');
    expect(missing().reason).toBeUndefined();
    // A number with a value needs no reason.
    expect(kpiRows([instant('var_99_1d', 2)])[0].reason).toBeUndefined();
  });
});
