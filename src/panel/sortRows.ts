/**
 * The order the panel shows its rows in: grouped by the framework's areas (in its order, each KPI in
 * catalogue order), by severity (critical first, then warning, ok, no data), or by name.
 */
import { AREAS, KPIS, type Area } from '../core/catalogue';
import type { KpiRow } from './kpiRows';
import { SEVERITY } from './stateColours';
import type { PanelSort } from './types';

export interface RowGroup {
  /** Set when the rows are grouped by area. */
  area?: Area;
  rows: KpiRow[];
}

/** "Quoting uptime", "Liquidation buffer (aave:maker)" for a breakdown entry, "Spread" for a part. */
export function rowTitle(row: KpiRow): string {
  return row.title;
}

const catalogueOrder = (row: KpiRow) => KPIS.findIndex((kpi) => kpi.id === row.kpi.id);
/** A decomposition's parts follow its value, in the order they add up. */
const byParts = (a: KpiRow, b: KpiRow) => (a.partIndex ?? -1) - (b.partIndex ?? -1);
const byCatalogue = (a: KpiRow, b: KpiRow) =>
  catalogueOrder(a) - catalogueOrder(b) || byParts(a, b) || (a.entry ?? '').localeCompare(b.entry ?? '');
const byName = (a: KpiRow, b: KpiRow) => rowTitle(a).localeCompare(rowTitle(b));
const bySeverity = (a: KpiRow, b: KpiRow) =>
  SEVERITY[b.state ?? 'none'] - SEVERITY[a.state ?? 'none'] || byCatalogue(a, b);

export function sortRows(rows: readonly KpiRow[], sortBy: PanelSort): RowGroup[] {
  if (sortBy === 'area') {
    return AREAS.map((area) => ({ area, rows: rows.filter((row) => row.kpi.area === area).sort(byCatalogue) })).filter(
      (group) => group.rows.length > 0
    );
  }
  return [{ rows: [...rows].sort(sortBy === 'severity' ? bySeverity : byName) }];
}
