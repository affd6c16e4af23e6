/** Test helper: the value form of an expected KPI (the measured-at-query-time ones have none). */
import type { ExpectedKpi, ExpectedValue } from './types';

export function valueOf(kpi: ExpectedKpi): ExpectedValue {
  if ('measuredAtQueryTime' in kpi) {
    throw new Error(`expected a value, got a KPI measured at query time (${kpi.note})`);
  }
  return kpi;
}
