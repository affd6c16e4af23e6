/**
 * Resources of a saved data source through Grafana's backend_srv: the config page has no data source
 * instance to call getResource on, only the settings' uid. The backend answers with the settings as
 * last saved (its nodes), which is what Save & test checks too.
 */
import { getBackendSrv } from '@grafana/runtime';

import type { ResourceClient } from './types';

export function backendSrvResources(uid: string): ResourceClient {
  const base = `/api/datasources/uid/${encodeURIComponent(uid)}/resources`;
  return {
    get: (path, params) => getBackendSrv().get(`${base}/${path}`, params, undefined, { showErrorAlert: false }),
    post: (path, body) => getBackendSrv().post(`${base}/${path}`, body, { showErrorAlert: false }),
  };
}
