import { PanelPlugin } from '@grafana/data';

import { ThresholdPanel } from './components/ThresholdPanel';
import { DEFAULT_OPTIONS, type ThresholdPanelOptions } from './types';

export const plugin = new PanelPlugin<ThresholdPanelOptions>(ThresholdPanel).setPanelOptions((builder) =>
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
      description: 'By area (uptime, position, inventory, risk, performance), by severity (critical first) or by name',
      defaultValue: DEFAULT_OPTIONS.sortBy,
      settings: {
        options: [
          { value: 'area', label: 'Area' },
          { value: 'severity', label: 'Severity' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addTextInput({
      path: 'thresholdOverrides',
      name: 'Threshold overrides',
      description:
        'Band edges for this panel, one per step after the first: uptime=97,99; net_delta:WETH=-6,-3,3,6. ' +
        'Empty: the data source’s bands.',
      defaultValue: DEFAULT_OPTIONS.thresholdOverrides,
      settings: { placeholder: 'uptime=97,99', useTextarea: true, rows: 2 },
      category: ['Thresholds'],
    })
);
