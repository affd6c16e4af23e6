/**
 * The window a KPI's number covers, in words for the tooltip and the plan page: the query's range (an
 * instant answer is one value for the whole range), or "now" for a KPI measured when the query runs
 * (latency probes, node health), whatever the range.
 */
import { dateTimeFormat, rangeUtil, type TimeRange } from '@grafana/data';

import type { TimeZone } from '@grafana/schema';
import type { KpiDefinition } from '../core/catalogue';

const TIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** "Last 7 days (2026-11-26 10:00 to 2026-12-03 10:00)", or the absolute range alone. */
export function describeRange(range: TimeRange, timeZone?: TimeZone): string {
  const at = (time: TimeRange['from']) => dateTimeFormat(time, { format: TIME_FORMAT, timeZone });
  const absolute = `${at(range.from)} to ${at(range.to)}`;
  const relative = typeof range.raw.from === 'string' && !/^\d+$/.test(range.raw.from);
  return relative ? `${rangeUtil.describeTimeRange(range.raw, timeZone)} (${absolute})` : absolute;
}

export const MEASURED_NOW = 'Measured now, when the query runs (not over the range)';

export function windowText(kpi: KpiDefinition, range: TimeRange | undefined, timeZone?: TimeZone): string {
  if (kpi.measuredAtQueryTime) {
    return MEASURED_NOW;
  }
  return range ? `Over ${describeRange(range, timeZone)}` : 'Over the query’s range';
}
