export type PanelLayout = 'grid' | 'list';
export type PanelSort = 'area' | 'severity' | 'name';

export interface ThresholdPanelOptions {
  /** Cards in a grid (the overview) or one line per KPI (dense). */
  layout: PanelLayout;
  /** `area` groups by the framework's areas, in its order; `severity` puts critical first; `name` A–Z. */
  sortBy: PanelSort;
  /**
   * Band edges that replace the frames' for this panel, e.g. `uptime=97,99; net_delta:WETH=-6,-3,3,6`
   * (one edge per step after the first, as in the data source's band overrides).
   */
  thresholdOverrides: string;
}

export const DEFAULT_OPTIONS: ThresholdPanelOptions = { layout: 'grid', sortBy: 'area', thresholdOverrides: '' };
