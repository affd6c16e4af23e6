/**
 * A PMM query as a foundation-SDK target. The SDK types a panel's targets as `cog.Dataquery` builders
 * (a marker method, for its own data sources); our query is PmmQuery (src/core/query.ts), the
 * keys the backend reads, so this wraps one without adding any.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';

import type { PmmStoredQuery as PmmQuery } from '../../src/core/query';
import { DASHBOARD_DATASOURCE } from './ids';

/** What a dashboard panel stores as a target: the query plus the data source variable it goes to. */
export type PanelTarget = Omit<PmmQuery, 'datasource'> & { datasource: typeof DASHBOARD_DATASOURCE };

export class PmmQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly query: PanelTarget;

  constructor(query: Omit<PmmQuery, 'refId'> & { refId?: string }) {
    this.query = { ...query, refId: query.refId ?? 'A', datasource: DASHBOARD_DATASOURCE };
  }

  build(): cog.Dataquery {
    // The marker is a method, so JSON.stringify drops it: the file holds exactly the query.
    return { ...this.query, _implementsDataqueryVariant: () => undefined };
  }
}
