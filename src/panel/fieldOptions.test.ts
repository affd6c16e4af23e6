import {
  applyFieldOverrides,
  createTheme,
  FieldType,
  toDataFrame,
  type DataFrame,
  type FieldConfigSource,
} from '@grafana/data';

import { registerStandardOptions } from '../../tests/browser/support/standardOptions';
import { formatValue } from './formatValue';
import { kpiRows } from './kpiRows';
import { plugin } from './module';

// Grafana registers its standard options before a panel first reads its registry.
registerStandardOptions();

/** Uptime's instant frame as the backend writes it: unit, bounds, its bands as thresholds (first step null), a plan link. */
function uptimeFrame(value: number): DataFrame {
  return toDataFrame({
    refId: 'A',
    fields: [
      {
        name: 'uptime',
        type: FieldType.number,
        labels: { kpi: 'uptime', area: 'uptime' },
        values: [value],
        config: {
          displayName: 'Quoting uptime',
          unit: 'percent',
          min: 0,
          max: 100,
          links: [
            { title: 'Open action plan: Critical uptime response', url: '/a/halo-pmm-app/plans/uptime-critical' },
          ],
          thresholds: {
            mode: 'absolute' as never,
            steps: [
              { value: null as unknown as number, color: 'red' },
              { value: 98, color: 'orange' },
              { value: 99.5, color: 'green' },
            ],
          },
        },
      },
    ],
  });
}

/** What Grafana hands the panel: the frames through applyFieldOverrides with the plugin's registry and defaults. */
function processed(frames: DataFrame[], fieldConfig: FieldConfigSource): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: {
      defaults: { ...plugin.fieldConfigDefaults.defaults, ...fieldConfig.defaults },
      overrides: fieldConfig.overrides,
    },
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (value) => value,
    theme: createTheme(),
    timeZone: 'utc',
  });
}

describe("the panel's standard field options", () => {
  it('offers the options it honours, Thresholds only as an override', () => {
    const ids = plugin.fieldConfigRegistry.list().map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['unit', 'decimals', 'min', 'max', 'displayName', 'links', 'mappings']));
    expect(ids).not.toContain('color');
    const thresholds = plugin.fieldConfigRegistry.get('thresholds');
    expect(thresholds.hideFromDefaults).toBe(true);
  });

  it("keep the data source's bands under the panel's default thresholds", () => {
    // 95.27 < 98: critical under the data source's bands, though Grafana put its default base step first.
    const [row] = kpiRows(processed([uptimeFrame(95.27104)], { defaults: {}, overrides: [] }));
    expect(row.state).toBe('critical');
    expect(row.notices).toEqual([]);
  });

  it('reads decimals, a display name, a threshold override and an added data link', () => {
    const fieldConfig: FieldConfigSource = {
      defaults: { decimals: 3, links: [{ title: 'Desk runbook', url: 'https://wiki.example.com/uptime' }] },
      overrides: [
        {
          matcher: { id: 'byName', options: 'Quoting uptime' },
          properties: [
            { id: 'displayName', value: 'Desk uptime' },
            {
              id: 'thresholds',
              value: {
                mode: 'absolute',
                steps: [
                  { value: -Infinity, color: 'red' },
                  { value: 90, color: 'orange' },
                  { value: 95, color: 'green' },
                ],
              },
            },
          ],
        },
      ],
    };
    const [row] = kpiRows(processed([uptimeFrame(95.27104)], fieldConfig));
    expect(row.title).toBe('Desk uptime');
    // Edges 90 and 95 on uptime's states: 95.27 ≥ 95 is ok, and opens no plan.
    expect(row.bands.map((step) => step.from)).toEqual([null, 90, 95]);
    expect([row.state, row.plan]).toEqual(['ok', undefined]);
    // Three decimals: 95.271 %.
    expect(formatValue(row.value, row.config, row.display)).toBe('95.271%');
    const links = row.getLinks?.({ valueRowIndex: 0 }).map((link) => [link.title, link.href]);
    expect(links).toEqual([
      ['Open action plan: Critical uptime response', '/a/halo-pmm-app/plans/uptime-critical'],
      ['Desk runbook', 'https://wiki.example.com/uptime'],
    ]);
  });

  it("reads a unit override: the value and the band's numbers in the new unit", () => {
    const [row] = kpiRows(
      processed([uptimeFrame(95.27104)], {
        defaults: {},
        overrides: [
          { matcher: { id: 'byName', options: 'Quoting uptime' }, properties: [{ id: 'unit', value: 'none' }] },
        ],
      })
    );
    expect(row.config.unit).toBe('none');
    expect(formatValue(row.value, row.config, row.display)).toBe('95.3');
  });
});
