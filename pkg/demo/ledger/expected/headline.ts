/** The one value a broken-down KPI shows: the catalogue's worst-entry rule over the breakdown. */
import { findKpi, worstEntry } from '../../../../src/core/catalogue';
import { PmmError } from '../../../../src/core/errors';
import type { KpiId } from './types';

export function worstOf(kpiId: KpiId, breakdown: Record<string, number>): number | null {
  const kpi = findKpi(kpiId);
  if (!kpi) {
    throw new PmmError('expected KPIs', `${kpiId} is not in the catalogue`);
  }
  return worstEntry(kpi, Object.values(breakdown));
}
