/**
 * The names generated files use to point at each other: the data source uid, the dashboards' uids and
 * variables, and the ids of the panels an alert rule links to. One module, so a dashboard, a rule and
 * the test that checks every reference resolves all read the same names.
 */
import { AREAS, kpisOfArea, type Area, type KpiDefinition } from '../../src/core/catalogue';

/**
 * The demo's provisioned data source; the generated alert rules query the same uid
 * (alerting/generate.ts), which the provisioning test checks.
 */
export const DEMO_DATASOURCE_UID = 'pmm-demo';

/** The nested data source's plugin id: the `type` of every datasource reference. */
export const DATASOURCE_TYPE = 'halo-pmm-datasource';
/** The threshold panel's plugin id. */
export const THRESHOLD_PANEL_TYPE = 'halo-pmmkpi-panel';

/**
 * The dashboards' data source variable: every panel, target and annotation queries `${datasource}`, so
 * the bundled dashboards work on whichever PMM data source a user adds, whatever its uid.
 */
export const DATASOURCE_VARIABLE = 'datasource';
export const DASHBOARD_DATASOURCE = { type: DATASOURCE_TYPE, uid: `\${${DATASOURCE_VARIABLE}}` } as const;

/** The folder the demo provisions every dashboard and alert rule in (the rules' FOLDER too). */
export const DASHBOARD_FOLDER = 'PMM Monitor';
/** Every PMM dashboard carries it: the dashboards link to one another through it. */
export const DASHBOARD_TAG = 'pmm';

export const OVERVIEW_UID = 'pmm-overview';

export function areaDashboardUid(area: Area): string {
  return `pmm-${area}`;
}

/** On an area dashboard: the threshold panel, then the table, then two panels per KPI. */
export const AREA_PANEL_IDS = { thresholds: 1, table: 2 } as const;

function kpiIndex(kpi: KpiDefinition): number {
  const index = kpisOfArea(kpi.area).findIndex((k) => k.id === kpi.id);
  if (index < 0) {
    throw new Error(`KPI ${kpi.id} is not in area ${kpi.area}`);
  }
  return index;
}

/** The KPI's time series panel on its area's dashboard: where an alert rule on it draws its state. */
export function kpiTimeseriesPanelId(kpi: KpiDefinition): number {
  return 10 + 2 * kpiIndex(kpi);
}

export function kpiStatPanelId(kpi: KpiDefinition): number {
  return 11 + 2 * kpiIndex(kpi);
}

export const ALL_DASHBOARD_UIDS = [OVERVIEW_UID, ...AREAS.map(areaDashboardUid)];
