import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { Area, BandOverrides } from '../catalogue';

/**
 * One query: a KPI (or all of them when empty), as an instant value or a series over the range. The
 * backend (pkg/backend/handlers/query.ts) reads exactly these keys; every one is optional.
 */
export interface PmmQuery extends DataQuery {
  /** A catalogue KPI id; empty means every KPI (of `area`, when set). */
  kpi?: string;
  /** Only this asset's entry of a per-asset KPI (e.g. net delta of WETH). */
  asset?: string;
  /** Default 'range' (DEFAULT_QUERY): a series over the range; 'instant': one value for the whole range. */
  mode?: 'instant' | 'range';
  /** With no `kpi`: only the KPIs of this area. */
  area?: Area;
  /** Only this entry of a per-venue or per-node KPI (a lending position such as "aave:maker", or its venue "aave"). */
  venue?: string;
  /**
   * Instant mode, for a KPI judged on its trend (total PnL): 'trend' returns the slope per day that the
   * bands judge (what an alert rule needs) instead of the value. Default 'value'.
   */
  statistic?: 'value' | 'trend';
}

export const DEFAULT_QUERY: Partial<PmmQuery> = {
  mode: 'range',
};

/** Plain options (jsonData). Nodes, wallets, assets and venues come with the engine and backend. */
export interface PmmDataSourceOptions extends DataSourceJsonData {
  /** Per-KPI band overrides; see src/catalogue/overrides.ts. */
  bandOverrides?: BandOverrides;
}
