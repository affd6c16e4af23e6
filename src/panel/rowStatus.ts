/**
 * What a card says of its number at a glance: its band state; or `part` for a decomposition's part
 * (information, not judged); `error` when the data source could not compute it (an error notice and no
 * value); `no-data` when there is nothing to judge.
 */
import type { State } from '../core/catalogue';
import type { KpiRow } from './kpiRows';

export type RowStatus = State | 'part' | 'error' | 'no-data';

export function statusOf(row: KpiRow): RowStatus {
  if (row.partIndex !== undefined) {
    return 'part';
  }
  if (row.state) {
    return row.state;
  }
  return row.value === undefined && row.noticeLevel === 'error' ? 'error' : 'no-data';
}
