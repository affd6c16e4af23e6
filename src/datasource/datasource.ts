import type { CoreApp, DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';

import { DEFAULT_QUERY, type PmmDataSourceOptions, type PmmQuery } from './types';

/** Queries, health checks and editor look-ups all go to the plugin's backend, so keys never reach a browser. */
export class DataSource extends DataSourceWithBackend<PmmQuery, PmmDataSourceOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<PmmDataSourceOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_app: CoreApp): Partial<PmmQuery> {
    return DEFAULT_QUERY;
  }
}
