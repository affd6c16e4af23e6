/**
 * Template variables in a query ($asset, $wallet, $kpi, $venue, $area): replaced in the browser before
 * the query leaves, so the backend only ever sees concrete ids. The replacer is Grafana's templateSrv
 * in the data source and a plain function in tests.
 */
import type { ScopedVars } from '@grafana/data';

import type { PmmQuery } from './types';

export type Replace = (text: string, scopedVars?: ScopedVars) => string;

/** The query keys that may hold a variable. */
export const INTERPOLATED_KEYS = ['kpi', 'asset', 'venue', 'wallet', 'area'] as const;

export function interpolateQuery(query: PmmQuery, replace: Replace, scopedVars?: ScopedVars): PmmQuery {
  const next: PmmQuery = { ...query };
  for (const key of INTERPOLATED_KEYS) {
    const value = query[key];
    if (typeof value === 'string' && value !== '') {
      const replaced = replace(value, scopedVars);
      // A variable set to "All" or to nothing widens the query rather than naming an entry "".
      (next as unknown as Record<string, string | undefined>)[key] = replaced === '' ? undefined : replaced;
    }
  }
  return next;
}
