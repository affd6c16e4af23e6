export type PanelLayout = 'grid' | 'list';
export type PanelSort = 'area' | 'severity' | 'name';

/**
 * The panel's own options. Its numbers' unit, decimals, display names, thresholds (band edges), value
 * mappings and data links are Grafana's standard field options and overrides (module.ts).
 */
export interface ThresholdPanelOptions {
  /** Cards in a grid (the overview) or one line per KPI (dense). */
  layout: PanelLayout;
  /** `area` groups by the framework's areas, in its order; `severity` puts critical first; `name` A–Z. */
  sortBy: PanelSort;
}

export const DEFAULT_OPTIONS: ThresholdPanelOptions = { layout: 'grid', sortBy: 'area' };
