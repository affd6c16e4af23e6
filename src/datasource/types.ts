import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { BandOverrides } from '../catalogue';

/** One query: a KPI (or all of them when empty), as an instant value or a series over the range. */
export interface PmmQuery extends DataQuery {
  kpi?: string;
  asset?: string;
  mode?: 'instant' | 'range';
}

export const DEFAULT_QUERY: Partial<PmmQuery> = {
  mode: 'range',
};

/** Plain options (jsonData). Nodes, wallets, assets and venues come with the engine and backend. */
export interface PmmDataSourceOptions extends DataSourceJsonData {
  /** Per-KPI band overrides; see src/catalogue/overrides.ts. */
  bandOverrides?: BandOverrides;
}
