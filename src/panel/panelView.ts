/**
 * What a card needs to know of the panel it sits in, beside its row: the range the query answered
 * (the window its number covers, the plan link's from and to), the dashboard's time zone, and which
 * data source answered each query (the plan link's data source), from Grafana's request.
 */
import type { DataQueryRequest, InterpolateFunction, LinkModel, TimeRange } from '@grafana/data';

import type { TimeZone } from '@grafana/schema';

import { entryOf, planHref, rangeParams, type PlanContext } from '../app/planContext';
import { PLUGIN_BASE_URL } from '../core/urls';
import type { KpiRow } from './kpiRows';

export interface PanelView {
  range?: TimeRange;
  timeZone?: TimeZone;
  /** The uid of the data source that answered each query, by refId. */
  datasources: Record<string, string>;
}

/**
 * Each query's data source uid. Grafana gives each target of the request its data source; a dashboard
 * variable (`${ds}`) is interpolated to the uid it stands for.
 */
export function datasourcesOf(
  request: Pick<DataQueryRequest, 'targets'> | undefined,
  replaceVariables: InterpolateFunction = (value) => value
): Record<string, string> {
  const uids: Record<string, string> = {};
  for (const target of request?.targets ?? []) {
    const uid = target.datasource?.uid;
    if (uid) {
      uids[target.refId] = uid.includes('$') ? replaceVariables(uid) : uid;
    }
  }
  return uids;
}

/** The plan context of a row: its data source, the range, the KPI and its entry. */
export function planContextOf(row: KpiRow, view: PanelView): PlanContext {
  const datasource =
    (row.refId !== undefined ? view.datasources[row.refId] : undefined) ?? Object.values(view.datasources)[0];
  return {
    datasource,
    ...(view.range ? rangeParams(view.range) : {}),
    kpi: row.kpi.id,
    entry: entryOf(row.kpi, row.entry),
  };
}

/** The plan page a row's state opens, with where it was opened from. */
export function planLinkOf(row: KpiRow, view: PanelView): string | undefined {
  return row.plan ? planHref(row.plan, planContextOf(row, view)) : undefined;
}

const PLAN_PATH = `${PLUGIN_BASE_URL}/plans/`;

/**
 * A data link to a plan page (the data source writes one per plan the KPI can open) given the row's
 * context, as the panel's own plan link has it; any other link as Grafana interpolated it.
 */
export function withPlanContext(link: LinkModel, row: KpiRow, view: PanelView): LinkModel {
  const at = link.href.indexOf(PLAN_PATH);
  if (at < 0 || link.href.includes('?')) {
    return link;
  }
  const planId = link.href.slice(at + PLAN_PATH.length);
  return { ...link, href: `${link.href.slice(0, at)}${planHref(planId, planContextOf(row, view))}` };
}
