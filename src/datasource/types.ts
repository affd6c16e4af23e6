import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { Area } from '../core/catalogue';
import type { PmmQueryFields, VariableList } from '../core/query';
import type { PmmSettings } from '../core/settings/types';

export {
  ANNOTATIONS_QUERY_TYPE,
  DEFAULT_QUERY,
  EVENT_KINDS,
  EVENT_KIND_LABELS,
  LARGE_FILL_USD,
  VARIABLE_LISTS,
  type EventKind,
  type VariableList,
} from '../core/query';

/** One query as Grafana stores it: the contract's keys (src/core/query.ts) on Grafana's DataQuery. */
export interface PmmQuery extends DataQuery, PmmQueryFields {}

/** A template variable's query: which list, and for KPIs optionally one area. */
export interface PmmVariableQuery extends DataQuery {
  list: VariableList;
  area?: Area;
}

/**
 * Plain options (jsonData): exactly the settings the backend and `pmm-monitor kpis --config` read
 * (src/core/settings/types.ts), every key optional because a new data source starts empty. Secrets go to
 * secureJsonData under the names of SecureSettingName.
 */
export interface PmmDataSourceOptions extends DataSourceJsonData, Partial<PmmSettings> {}

/** What the config editor writes to secureJsonData; never read back (Grafana only says "configured"). */
export type PmmSecureJsonData = Partial<Record<string, string>>;
