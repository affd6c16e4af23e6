/**
 * Asks the PMM Monitor data source (the first one of its type, through Grafana's DataSourceSrv, i.e.
 * its backend) for the current value and the series of the given KPIs over the last 24 hours: one
 * instant and one range query per KPI, as the threshold panel's recommended setup does.
 */
import { isObservable, lastValueFrom } from 'rxjs';
import { dateTime, type DataFrame, type DataQueryRequest, type DataQueryResponse, type TimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';

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

export async function queryKpis(kpiIds: readonly string[], range: TimeRange = lastDay()): Promise<DataFrame[]> {
  const [settings] = getDataSourceSrv().getList({ type: DATASOURCE_TYPE });
  if (!settings) {
    throw new Error('No PMM Monitor data source: add one under Connections → Data sources.');
  }
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
    throw new Error(response.errors.map((error) => error.message).join('; '));
  }
  return response.data as DataFrame[];
}
