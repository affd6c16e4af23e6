export interface ThresholdPanelOptions {
  /** Group the KPIs by area (the overview) or list them in data order. */
  groupByArea: boolean;
}
