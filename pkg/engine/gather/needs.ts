/**
 * Which parts of the dataset a query's KPIs read, so a query for a few KPIs reads only their sources
 * (a panel showing uptime never scans fills). A KPI's parts are its catalogue `reads` (see
 * pkg/engine/kpis/registry.ts), checked against its formula by pkg/engine/kpis/registry.test.ts.
 */
import { findKpi, type DataInput } from '../../../src/core/catalogue';
import type { Dataset } from '../model';

export type DatasetPart = Exclude<
  keyof Dataset,
  'window' | 'assets' | 'var' | 'gasWindowMs' | 'priceFlags' | 'measuredNow'
>;

// The catalogue names the same parts as the dataset holds: a part added to either alone fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type DatasetPartsAreDataInputs = Holds<Same<DatasetPart, DataInput>>;

/** The parts the KPIs read; an id that is not a KPI adds nothing. */
export function partsFor(kpiIds: readonly string[]): Set<DatasetPart> {
  return new Set(kpiIds.flatMap((id) => findKpi(id)?.reads ?? []));
}
