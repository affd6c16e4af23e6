/**
 * One dashboard per KPI area: the area's KPIs in the threshold panel and a table, then a bar chart of
 * each decomposed KPI's parts (total PnL's), then per KPI its series over the range (Grafana's time
 * series, bands drawn behind it; for a KPI measured at query time, its measurement now per node or
 * endpoint) beside its value (a stat), with the area's events as annotations. Alert rules on a KPI
 * link to its time series panel. Every panel queries the dashboard's `$datasource`; the area's asset or
 * venue variable filters the KPIs split that way, its wallet variable the events.
 */
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  VizLegendOptionsBuilder,
  BigValueColorMode,
  BigValueGraphMode,
  BarGaugeDisplayMode,
  ReduceDataOptionsBuilder,
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardCursorSync, PanelBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGaugePanelBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

import { kpisOfArea, plansOfKpi, statementText, type Area, type KpiDefinition } from '../../../src/core/catalogue';
import {
  AREA_PANEL_IDS,
  DASHBOARD_TAG,
  DASHBOARD_DATASOURCE,
  THRESHOLD_PANEL_TYPE,
  areaDashboardUid,
  kpiStatPanelId,
  kpiTimeseriesPanelId,
} from '../ids';
import { PmmQueryBuilder } from '../query';
import { dashboardLinks, planLinks, pmmEvents } from './common';
import { dashboardJson, type DashboardJson } from './dashboardFile';
import { areaFilters, datasourceVariable, filterVariable, filtersOf, kpiFilters } from './variables';

export function areaDashboardTitle(area: Area): string {
  return `RFQ monitoring: ${area}`;
}

/**
 * The range a dashboard opens on. Performance (PnL trend, revenue efficiency) means something over
 * weeks, so a month, as its alert rules judge it; the others over the last week of the demo's month.
 */
function timeRangeOf(area: Area): { from: string; to: string } {
  return { from: area === 'performance' ? 'now-30d' : 'now-7d', to: 'now' };
}

function capitalised(area: Area): string {
  return area.charAt(0).toUpperCase() + area.slice(1);
}

function describeKpi(kpi: KpiDefinition): string {
  return `${statementText(kpi)} Target ${kpi.target}.`;
}

/**
 * A KPI measured at query time (node health, network latency) has no history to draw (framework
 * revision 2): its place beside the stat is each node's or endpoint's measurement now, as bars. The
 * panel keeps the time series' id, so alert rules link to it.
 */
function nowPanel(kpi: KpiDefinition, y: number): BarGaugePanelBuilder {
  return new BarGaugePanelBuilder()
    .id(kpiTimeseriesPanelId(kpi))
    .title(`${kpi.name} now, per ${kpi.breakdown ?? 'source'}`)
    .description(`${describeKpi(kpi)} Measured when the dashboard asks: a range that does not end now has no value.`)
    .datasource(DASHBOARD_DATASOURCE)
    .withTarget(new PmmQueryBuilder({ kpi: kpi.id, mode: 'instant', ...kpiFilters(kpi) }))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic)
    .links(planLinks(plansOfKpi(kpi)))
    .gridPos({ x: 0, y, w: 16, h: 8 });
}

function timeseriesPanel(kpi: KpiDefinition, y: number): TimeseriesPanelBuilder {
  return (
    new TimeseriesPanelBuilder()
      .id(kpiTimeseriesPanelId(kpi))
      .title(`${kpi.name} over time`)
      .description(describeKpi(kpi))
      .datasource(DASHBOARD_DATASOURCE)
      .withTarget(new PmmQueryBuilder({ kpi: kpi.id, mode: 'range', ...kpiFilters(kpi) }))
      // The frames carry the KPI's bands as thresholds: drawn behind the series, the target is visible.
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.DashedAndArea))
      .legend(
        new VizLegendOptionsBuilder()
          .displayMode(LegendDisplayMode.List)
          .placement(LegendPlacement.Bottom)
          .showLegend(true)
      )
      .spanNulls(false)
      .links(planLinks(plansOfKpi(kpi)))
      .gridPos({ x: 0, y, w: 16, h: 8 })
  );
}

function statPanel(kpi: KpiDefinition, y: number): StatPanelBuilder {
  return (
    new StatPanelBuilder()
      .id(kpiStatPanelId(kpi))
      .title(kpi.name)
      .description(describeKpi(kpi))
      .datasource(DASHBOARD_DATASOURCE)
      .withTarget(new PmmQueryBuilder({ kpi: kpi.id, mode: 'instant', ...kpiFilters(kpi) }))
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
      // Coloured by the KPI's own bands (the frames' thresholds), as the threshold panel judges it.
      .colorMode(BigValueColorMode.Background)
      .graphMode(BigValueGraphMode.None)
      .links(planLinks(plansOfKpi(kpi)))
      .gridPos({ x: 16, y, w: 8, h: 8 })
  );
}

/** Panel ids of the decomposition bar charts, clear of the per-KPI panels' (10 + 2 × index). */
function decompositionPanelId(kpi: KpiDefinition): number {
  return 100 + kpisOfArea(kpi.area).findIndex((k) => k.id === kpi.id);
}

/**
 * A decomposed KPI's value and the parts it adds up to (its `part` breakdown: one frame each), as bars
 * over the dashboard's range.
 */
function decompositionPanel(kpi: KpiDefinition, y: number): BarGaugePanelBuilder {
  return new BarGaugePanelBuilder()
    .id(decompositionPanelId(kpi))
    .title(`${kpi.name} and the parts it adds up to`)
    .description(`${kpi.formula}`)
    .datasource(DASHBOARD_DATASOURCE)
    .withTarget(new PmmQueryBuilder({ kpi: kpi.id, mode: 'instant' }))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic)
    .showUnfilled(false)
    .links(planLinks(plansOfKpi(kpi)))
    .gridPos({ x: 0, y, w: 24, h: 8 });
}

export function areaDashboard(area: Area): DashboardJson {
  const kpis = kpisOfArea(area);
  const plans = kpis.flatMap(plansOfKpi);
  const filters = filtersOf(kpis);
  const areaQuery = { area, ...areaFilters(filters) };
  const thresholdsHeight = 6 + kpis.length;
  const thresholds = new PanelBuilder()
    .type(THRESHOLD_PANEL_TYPE)
    .id(AREA_PANEL_IDS.thresholds)
    .title(`${capitalised(area)} KPIs against their targets`)
    .datasource(DASHBOARD_DATASOURCE)
    // The value over the range and its series (sparkline, change), merged by the panel per number.
    .withTarget(new PmmQueryBuilder({ ...areaQuery, mode: 'instant' }))
    .withTarget(new PmmQueryBuilder({ ...areaQuery, mode: 'range', refId: 'B' }))
    .options({ groupByArea: false })
    .links(planLinks(plans))
    .gridPos({ x: 0, y: 0, w: 24, h: thresholdsHeight });
  const table = new TablePanelBuilder()
    .id(AREA_PANEL_IDS.table)
    .title(`${capitalised(area)} KPIs: values and breakdowns`)
    .description('One row per KPI value (per asset, venue, node or wallet where the KPI splits), with its labels.')
    .datasource(DASHBOARD_DATASOURCE)
    .withTarget(new PmmQueryBuilder({ ...areaQuery, mode: 'instant' }))
    // One frame per number: series to rows makes one table of them, labels as columns.
    .withTransformation({
      id: 'reduce',
      options: { mode: 'seriesToRows', reducers: ['lastNotNull'], labelsToFields: true },
    })
    .gridPos({ x: 0, y: thresholdsHeight, w: 24, h: 8 });
  const builder = new DashboardBuilder(areaDashboardTitle(area))
    .uid(areaDashboardUid(area))
    .description(
      `The ${area} KPIs of the RFQ monitoring framework: values, series and breakdowns against their targets.`
    )
    .tags([DASHBOARD_TAG, area])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .time(timeRangeOf(area))
    .refresh('5m')
    .links(dashboardLinks())
    .withVariable(datasourceVariable());
  filters.forEach((key) => builder.withVariable(filterVariable(key)));
  builder.withPanel(thresholds).withPanel(table);
  let y = thresholdsHeight + 8;
  for (const kpi of kpis.filter((k) => k.breakdown === 'part')) {
    builder.withPanel(decompositionPanel(kpi, y));
    y += 8;
  }
  for (const kpi of kpis) {
    builder
      .withPanel(kpi.measuredAtQueryTime ? nowPanel(kpi, y) : timeseriesPanel(kpi, y))
      .withPanel(statPanel(kpi, y));
    y += 8;
  }
  return dashboardJson(builder, [pmmEvents(area)]);
}
