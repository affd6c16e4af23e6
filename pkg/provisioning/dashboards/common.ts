/**
 * What every PMM dashboard shares: the events annotation from the dashboard's PMM data source, the links
 * between the dashboards and to the action plans, and the links a panel gives to the plans its KPIs open.
 */
import {
  AnnotationQueryBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  type AnnotationQuery,
} from '@grafana/grafana-foundation-sdk/dashboard';

import { findPlan, type Area, type PlanId } from '../../../src/core/catalogue';
import { PLUGIN_BASE_URL, planUrl } from '../../../src/core/urls';
import { DASHBOARD_DATASOURCE, DASHBOARD_TAG } from '../ids';
import { variableRef } from './variables';

/**
 * The annotation query a dashboard stores. The SDK types `target` as the built-in annotation's
 * (tags, limit); a data source annotation stores the data source's own query there instead.
 */
export interface PmmAnnotationTarget {
  refId: string;
  queryType: 'annotations';
  /** On an area dashboard, only that area's events. */
  area?: Area;
  /** Only this wallet's events: the dashboard's `$wallet`. */
  wallet?: string;
}
export type PmmAnnotation = Omit<AnnotationQuery, 'target'> & { target: PmmAnnotationTarget };

/**
 * The PMM data source's events (outages, band crossings, incidents), drawn on every time series; on an
 * area dashboard, those of the wallet its `$wallet` names.
 */
export function pmmEvents(area?: Area): PmmAnnotation {
  const base = new AnnotationQueryBuilder()
    .name(area ? `PMM ${area} events` : 'PMM events')
    .datasource(DASHBOARD_DATASOURCE)
    .enable(true)
    .iconColor('orange')
    .build();
  const target: PmmAnnotationTarget = { refId: 'Anno', queryType: 'annotations' };
  return { ...base, target: area ? { ...target, area, wallet: variableRef('wallet') } : target };
}

/**
 * Top-of-dashboard links: every PMM dashboard (by tag), carrying the variables so the next dashboard
 * queries the same data source, and the action plans' pages.
 */
export function dashboardLinks(): DashboardLinkBuilder[] {
  return [
    new DashboardLinkBuilder('PMM dashboards')
      .type(DashboardLinkType.Dashboards)
      .tags([DASHBOARD_TAG])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true)
      .targetBlank(false),
    new DashboardLinkBuilder('Action plans')
      .type(DashboardLinkType.Link)
      .url(`${PLUGIN_BASE_URL}/plans`)
      .icon('doc')
      .tooltip('What to do when a KPI leaves its band')
      .targetBlank(false),
  ];
}

/** A panel's links to the plans its KPIs can open, each titled with the plan's name. */
export function planLinks(planIds: readonly PlanId[]): DashboardLinkBuilder[] {
  return Array.from(new Set(planIds)).map((id) => {
    const plan = findPlan(id);
    if (!plan) {
      throw new Error(`no action plan ${id}`);
    }
    return new DashboardLinkBuilder(`Plan: ${plan.title}`).url(planUrl(id)).targetBlank(false);
  });
}
