/**
 * What a link to a plan page says about where it was opened from, in its query string: the data source
 * (`datasource`, its uid), the time range (`from`, `to`, as Grafana's own URLs write them: Unix
 * milliseconds or relative like `now-7d`), the KPI (`kpi`) and its entry under the breakdown's label
 * (`asset`, `venue`, `node`, `wallet`, or `entry`). The alert rules' runbook links use the same names
 * (pkg/provisioning/alerting/rules.ts), so a plan page reads a link from a panel and from an alert alike.
 */
import type { DateTime, TimeRange } from '@grafana/data';

import type { KpiDefinition } from '../core/catalogue';
import { planUrl } from '../core/urls';

export const ENTRY_LABELS = ['asset', 'venue', 'node', 'wallet', 'entry'] as const;
export type EntryLabel = (typeof ENTRY_LABELS)[number];

export interface PlanContext {
  /** The data source's uid. */
  datasource?: string;
  from?: string;
  to?: string;
  kpi?: string;
  entry?: { label: EntryLabel; value: string };
}

export function planHref(planId: string, context: PlanContext = {}): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | undefined) =>
    value !== undefined && value !== '' && params.set(name, value);
  put('datasource', context.datasource);
  put('from', context.from);
  put('to', context.to);
  put('kpi', context.kpi);
  if (context.entry) {
    put(context.entry.label, context.entry.value);
  }
  const query = params.toString();
  return query ? `${planUrl(planId)}?${query}` : planUrl(planId);
}

export function readPlanContext(params: URLSearchParams): PlanContext {
  const read = (name: string) => params.get(name) ?? undefined;
  const label = ENTRY_LABELS.find((name) => params.has(name));
  const entryValue = label ? read(label) : undefined;
  return {
    datasource: read('datasource'),
    from: read('from'),
    to: read('to'),
    kpi: read('kpi'),
    entry: label && entryValue ? { label, value: entryValue } : undefined,
  };
}

/** A range end as a Grafana URL writes it: the relative text as typed, else Unix milliseconds. */
function urlTime(raw: DateTime | string, at: DateTime): string {
  return typeof raw === 'string' ? raw : String(at.valueOf());
}

/** The `from` and `to` of a Grafana time range, for a link. */
export function rangeParams(range: TimeRange): { from: string; to: string } {
  return { from: urlTime(range.raw.from, range.from), to: urlTime(range.raw.to, range.to) };
}

/** A number's entry as a link names it: under its breakdown's label, or `entry` (the RFQ probe); none for a part. */
export function entryOf(kpi: KpiDefinition, entry: string | undefined): PlanContext['entry'] {
  if (entry === undefined || kpi.breakdown === 'part') {
    return undefined;
  }
  return { label: kpi.breakdown ?? 'entry', value: entry };
}

/** Is this number the one the link was opened for? */
export function isLinked(context: PlanContext, kpi: KpiDefinition, entry: string | undefined): boolean {
  return context.kpi === kpi.id && (context.entry === undefined || context.entry.value === entry);
}
