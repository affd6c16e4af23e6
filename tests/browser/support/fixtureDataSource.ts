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

/** The PMM Monitor data sources the scenes' Grafana has: the demo's first, then a desk's own. */
export const FIXTURE_DATASOURCES = [
  { uid: 'pmm-demo', name: 'PMM Monitor (demo)' },
  { uid: 'pmm-desk', name: 'PMM Monitor (desk)' },
];

/** What a scene's pages asked: which data source, over which range (Unix ms), for the checks. */
export interface AskedQuery {
  uid: string;
  fromMs: number;
  toMs: number;
}

declare global {
  interface Window {
    __pmmAsked?: AskedQuery[];
  }
}

export function installFixtureDataSource(fixtures: BrowserFixtures): void {
  const all = FIXTURE_DATASOURCES.map(({ uid, name }) => ({ uid, name, type: TYPE }) as DataSourceInstanceSettings);
  const instance = (settings: DataSourceInstanceSettings) =>
    ({
      uid: settings.uid,
      type: TYPE,
      name: settings.name,
      query: (request: DataQueryRequest<PmmTarget>) => {
        window.__pmmAsked = [
          ...(window.__pmmAsked ?? []),
          { uid: settings.uid, fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() },
        ];
        return of(answerWithFixtures(fixtures, request));
      },
    }) as unknown as DataSourceApi;
  const find = (ref: string | { uid?: string } | null | undefined) => {
    const uid = typeof ref === 'string' ? ref : ref?.uid;
    return uid === undefined ? all[0] : all.find((settings) => settings.uid === uid);
  };
  const srv: Pick<DataSourceSrv, 'get' | 'getList' | 'getInstanceSettings' | 'reload'> = {
    get: async (ref) => {
      const settings = find(ref);
      if (!settings) {
        throw new Error(`no data source ${JSON.stringify(ref)}`);
      }
      return instance(settings);
    },
    getList: (filters) => (filters?.type === undefined || filters.type === TYPE ? all : []),
    getInstanceSettings: (ref) => find(ref),
    reload: async () => undefined,
  };
  setDataSourceSrv(srv as DataSourceSrv);
}
