import { PanelPlugin } from '@grafana/data';

import { ThresholdPanel } from './components/ThresholdPanel';
import type { ThresholdPanelOptions } from './types';

export const plugin = new PanelPlugin<ThresholdPanelOptions>(ThresholdPanel).setPanelOptions((builder) =>
  builder.addBooleanSwitch({
    path: 'groupByArea',
    name: 'Group by area',
    description: 'Uptime, position, inventory, risk and performance, in the framework’s order',
    defaultValue: true,
  })
);
