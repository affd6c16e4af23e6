/**
 * A dashboard's template variables: the PMM data source its panels query (so a bundled dashboard works
 * on the user's own data source, whatever its uid), and the lists its panels filter on (asset, venue,
 * wallet), each answered by that data source (src/datasource/variables). A filter starts at "All": the
 * data source widens a query whose variable is at "All" (src/datasource/variables/allValue.ts), so a
 * dashboard opens on every entry, as it did before it had variables.
 */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';

import type { KpiDefinition } from '../../../src/core/catalogue';
import type { PmmQueryFields, VariableList } from '../../../src/core/query';
import { DASHBOARD_DATASOURCE, DATASOURCE_TYPE, DATASOURCE_VARIABLE } from '../ids';

/** The query keys a dashboard variable fills: `asset`, `venue` and `wallet` are also the variables' names. */
export type FilterKey = keyof Pick<PmmQueryFields, 'asset' | 'venue' | 'wallet'>;

interface Filter {
  list: VariableList;
  label: string;
  description: string;
}

const FILTERS: Record<FilterKey, Filter> = {
  asset: {
    list: 'assets',
    label: 'Asset',
    description: "Only this asset's entry of the KPIs measured per asset; All shows every asset.",
  },
  venue: {
    list: 'venues',
    label: 'Venue',
    description: "Only this venue's positions of the KPIs measured per venue; All shows every venue.",
  },
  wallet: {
    list: 'wallets',
    label: 'Wallet',
    description: "Only this wallet's events in the annotations; All shows every wallet's.",
  },
};

/** Grafana's own value and text of a variable's "All" option. */
const ALL = { text: 'All', value: '$__all' };

/** The query key's value that reads a filter variable. */
export function variableRef(key: FilterKey): string {
  return `$${key}`;
}

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .description('The PMM Monitor data source every panel queries.')
    .type(DATASOURCE_TYPE);
}

export function filterVariable(key: FilterKey): QueryVariableBuilder {
  const { list, label, description } = FILTERS[key];
  return (
    new QueryVariableBuilder(key)
      .label(label)
      .description(description)
      .datasource(DASHBOARD_DATASOURCE)
      // The data source's variable query (PmmVariableQuery): one of its backend lists.
      .query({ refId: 'PmmVariableQuery', list })
      .refresh(VariableRefresh.OnDashboardLoad)
      // One entry or all of them: a query names one asset or venue (the backend answers no list).
      .multi(false)
      .includeAll(true)
      .current(ALL)
      // In the data source's order, as its settings list them.
      .sort(VariableSort.Disabled)
  );
}

/**
 * The filters a set of KPIs can read: asset where one is measured per asset, venue where one is
 * measured per venue (positions keyed "venue:wallet"), and wallet always, for the events annotation.
 */
export function filtersOf(kpis: readonly KpiDefinition[]): FilterKey[] {
  return [
    ...(kpis.some((kpi) => kpi.perAsset) ? (['asset'] as const) : []),
    ...(kpis.some((kpi) => kpi.breakdown === 'venue') ? (['venue'] as const) : []),
    'wallet',
  ];
}

/**
 * The filter keys a KPI's own query carries: the backend refuses an asset for a KPI not measured per
 * asset, and a venue for one not measured per venue or node, so each KPI gets only its own.
 */
export function kpiFilters(kpi: KpiDefinition): Partial<Record<FilterKey, string>> {
  return {
    ...(kpi.perAsset ? { asset: variableRef('asset') } : {}),
    ...(kpi.breakdown === 'venue' ? { venue: variableRef('venue') } : {}),
  };
}

/** The filter keys an area query (every KPI of the area) carries: the backend applies each to the KPIs it splits. */
export function areaFilters(filters: readonly FilterKey[]): Partial<Record<FilterKey, string>> {
  const keys: Partial<Record<FilterKey, string>> = {};
  // The wallet filters events only: KPI queries have no wallet key the backend reads.
  for (const key of filters.filter((k) => k !== 'wallet')) {
    keys[key] = variableRef(key);
  }
  return keys;
}
