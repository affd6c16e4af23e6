/**
 * Grafana's DataSourceSrv for scenes, answering PMM Monitor queries with the frames the real backend
 * produced for the fixtures: each target gets the instant or range frames of its KPI, read with
 * @grafana/data as Grafana's query runner would hand them over. Pages that query through
 * @grafana/runtime then run unchanged.
 */
import { of } from 'rxjs';
import {
  dataFrameFromJSON,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { setDataSourceSrv, type DataSourceSrv } from '@grafana/runtime';

import type { BrowserFixtures } from '../fixtures';

const TYPE = 'halo-pmm-datasource';

interface PmmTarget extends DataQuery {
  kpi?: string;
  mode?: 'instant' | 'range';
}

export function answerWithFixtures(fixtures: BrowserFixtures, request: DataQueryRequest<PmmTarget>): DataQueryResponse {
  const data = request.targets.flatMap((target) => {
    const answer = target.mode === 'instant' ? fixtures.instant : fixtures.range;
    return answer.frames
      .filter((frame) => !target.kpi || frame.schema?.fields.some((field) => field.labels?.kpi === target.kpi))
      .map((frame) => ({ ...dataFrameFromJSON(frame), refId: target.refId }));
  });
  return { data };
}

export function installFixtureDataSource(fixtures: BrowserFixtures): void {
  const settings = { uid: 'pmm-demo', type: TYPE, name: 'PMM Monitor (demo)' } as DataSourceInstanceSettings;
  const datasource = {
    uid: settings.uid,
    type: TYPE,
    name: settings.name,
    query: (request: DataQueryRequest<PmmTarget>) => of(answerWithFixtures(fixtures, request)),
  } as unknown as DataSourceApi;
  const srv: Pick<DataSourceSrv, 'get' | 'getList' | 'getInstanceSettings' | 'reload'> = {
    get: async () => datasource,
    getList: (filters) => (filters?.type === undefined || filters.type === TYPE ? [settings] : []),
    getInstanceSettings: () => settings,
    reload: async () => undefined,
  };
  setDataSourceSrv(srv as DataSourceSrv);
}
