import { FieldConfigProperty, PanelPlugin } from '@grafana/data';

import { ThresholdPanel } from './components/ThresholdPanel';
import { DEFAULT_OPTIONS, type ThresholdPanelOptions } from './types';

/**
 * Grafana's standard field options, processed by Grafana before the panel sees its frames (unit,
 * decimals, min and max, display name, no value, value mappings, data links) with overrides per field.
 * Thresholds are the data source's bands on each field, so the panel-wide default is hidden (it would
 * judge no KPI) and a band edge is changed by a Thresholds override on the field; the state's colour
 * is the panel's, so Color is not offered, nor what the panel does not draw.
 */
export const plugin = new PanelPlugin<ThresholdPanelOptions>(ThresholdPanel)
  .useFieldConfig({
    standardOptions: { [FieldConfigProperty.Thresholds]: { hideFromDefaults: true } },
    disableStandardOptions: [
      FieldConfigProperty.Color,
      FieldConfigProperty.Actions,
      FieldConfigProperty.Filterable,
      FieldConfigProperty.FieldMinMax,
    ],
  })
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'layout',
        name: 'Layout',
        description: 'A card per KPI, or one line per KPI',
        defaultValue: DEFAULT_OPTIONS.layout,
        settings: {
          options: [
            { value: 'grid', label: 'Grid' },
            { value: 'list', label: 'List' },
          ],
        },
      })
      .addRadio({
        path: 'sortBy',
        name: 'Sort',
        description:
          'By area (uptime, position, inventory, risk, performance), by severity (critical first) or by name',
        defaultValue: DEFAULT_OPTIONS.sortBy,
        settings: {
          options: [
            { value: 'area', label: 'Area' },
            { value: 'severity', label: 'Severity' },
            { value: 'name', label: 'Name' },
          ],
        },
      })
  );
