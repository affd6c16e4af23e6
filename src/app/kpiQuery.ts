/**
 * Asks a PMM Monitor data source (the one a link names by uid, else the first of its type, through
 * Grafana's DataSourceSrv, i.e. its backend) for the value and the series of the given KPIs over a range
 * (the link's, else the last 24 hours): one instant and one range query per KPI, as the threshold
 * panel's recommended setup does.
 */
import { isObservable, lastValueFrom } from 'rxjs';
import {
  dateTime,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type TimeRange,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';

import { PmmError } from '../core/errors';
import type { PmmQuery } from '../datasource/types';

export const DATASOURCE_TYPE = 'halo-pmm-datasource';
const WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_DATA_POINTS = 48;

export function lastDay(now = Date.now()): TimeRange {
  const from = dateTime(now - WINDOW_MS);
  const to = dateTime(now);
  return { from, to, raw: { from: 'now-24h', to: 'now' } };
}

export function kpiTargets(kpiIds: readonly string[]): PmmQuery[] {
  return kpiIds.flatMap((kpi, i) => [
    { refId: `I${i}`, kpi, mode: 'instant' as const },
    { refId: `R${i}`, kpi, mode: 'range' as const },
  ]);
}

/** What a plan page asks: which data source (its uid; the first PMM Monitor one when absent) and over what range. */
export interface KpiRequest {
  datasource?: string;
  range: TimeRange;
}

export interface KpiAnswer {
  frames: DataFrame[];
  /** The data source that answered. */
  datasource: { uid: string; name: string };
}

function dataSourceOf(uid: string | undefined): DataSourceInstanceSettings {
  if (uid === undefined) {
    const [first] = getDataSourceSrv().getList({ type: DATASOURCE_TYPE });
    if (!first) {
      throw new PmmError('settings', 'no PMM Monitor data source', { fix: 'add one under Connections → Data sources' });
    }
    return first;
  }
  const settings = getDataSourceSrv().getInstanceSettings(uid);
  if (!settings) {
    throw new PmmError('settings', `no data source with uid "${uid}"`, {
      fix: 'open the plan from a panel of an existing PMM Monitor data source',
    });
  }
  if (settings.type !== DATASOURCE_TYPE) {
    throw new PmmError('settings', `"${settings.name}" is not a PMM Monitor data source`, {
      fix: 'open the plan from a PMM Monitor panel',
    });
  }
  return settings;
}

export async function queryKpis(kpiIds: readonly string[], { datasource: uid, range }: KpiRequest): Promise<KpiAnswer> {
  const settings = dataSourceOf(uid);
  const datasource = await getDataSourceSrv().get({ uid: settings.uid, type: DATASOURCE_TYPE });
  const intervalMs = Math.max(1000, Math.floor((range.to.valueOf() - range.from.valueOf()) / MAX_DATA_POINTS));
  const request: DataQueryRequest<PmmQuery> = {
    app: 'halo-pmm-app',
    requestId: `pmm-plan-${Date.now()}`,
    interval: `${Math.round(intervalMs / 1000)}s`,
    intervalMs,
    maxDataPoints: MAX_DATA_POINTS,
    range,
    scopedVars: {},
    targets: kpiTargets(kpiIds).map((target) => ({
      ...target,
      datasource: { uid: settings.uid, type: DATASOURCE_TYPE },
    })),
    timezone: 'browser',
    startTime: Date.now(),
  };
  const answer = datasource.query(request);
  const response: DataQueryResponse = isObservable(answer) ? await lastValueFrom(answer) : await answer;
  if (response.errors?.length && response.data.length === 0) {
    throw new PmmError('query', response.errors.map((error) => error.message).join('; '));
  }
  return { frames: response.data as DataFrame[], datasource: { uid: settings.uid, name: settings.name } };
}
