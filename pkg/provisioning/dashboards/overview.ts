/**
 * "RFQ monitoring: overview": every KPI of the catalogue in the threshold panel, grouped by area, with
 * the links to every action plan and to each area's dashboard. Its only variable is the data source:
 * the overview shows every entry of every KPI.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  PanelBuilder,
} from '@grafana/grafana-foundation-sdk/dashboard';

import { AREAS, KPIS, PLAN_IDS } from '../../../src/core/catalogue';
import {
  DASHBOARD_DATASOURCE,
  DASHBOARD_TAG,
  DATASOURCE_VARIABLE,
  OVERVIEW_UID,
  THRESHOLD_PANEL_TYPE,
  areaDashboardUid,
} from '../ids';
import { PmmQueryBuilder } from '../query';
import { dashboardLinks, planLinks, pmmEvents } from './common';
import { dashboardJson, type DashboardJson } from './dashboardFile';
import { datasourceVariable } from './variables';

export const OVERVIEW_TITLE = 'RFQ monitoring: overview';

/** One threshold-panel row per KPI (and per asset or venue of a split KPI) needs about this height. */
const OVERVIEW_HEIGHT = 8 + KPIS.length;

export function overviewDashboard(): DashboardJson {
  // Grafana fills the panel link's variables: the area's dashboard opens on the same data source and range.
  const areaLinks = AREAS.map((area) =>
    new DashboardLinkBuilder(`RFQ monitoring: ${area}`)
      .url(`/d/${areaDashboardUid(area)}?\${__url_time_range}&\${${DATASOURCE_VARIABLE}:queryparam}`)
      .targetBlank(false)
  );
  const panel = new PanelBuilder()
    .type(THRESHOLD_PANEL_TYPE)
    .id(1)
    .title('Every KPI against its target')
    .description(
      'Each KPI of the RFQ monitoring framework over the dashboard range, judged against its bands; a KPI out of its ok band links to the action plan its state opens.'
    )
    .datasource(DASHBOARD_DATASOURCE)
    // Every KPI (no kpi, no area): one value each over the range, and its series for the sparkline and
    // the change (the panel merges the two frames of a number into one row).
    .withTarget(new PmmQueryBuilder({ mode: 'instant' }))
    .withTarget(new PmmQueryBuilder({ mode: 'range', refId: 'B' }))
    .options({ groupByArea: true })
    .links([...planLinks(PLAN_IDS), ...areaLinks])
    .gridPos({ x: 0, y: 0, w: 24, h: OVERVIEW_HEIGHT });
  const builder = new DashboardBuilder(OVERVIEW_TITLE)
    .uid(OVERVIEW_UID)
    .description('Every KPI of the RFQ monitoring framework against its target, grouped by area.')
    .tags([DASHBOARD_TAG, 'overview'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-7d', to: 'now' })
    .refresh('5m')
    .links(dashboardLinks())
    .withVariable(datasourceVariable())
    .withPanel(panel);
  return dashboardJson(builder, [pmmEvents()]);
}
