/**
 * Which KPIs open a plan, and in which state, read from the catalogue; and which of the live numbers
 * open it now. Pure, so the plan page's logic is tested without Grafana.
 */
import { KPIS, type KpiDefinition, type PlanId, type State } from '../core/catalogue';
import type { KpiRow } from '../panel/kpiRows';

export interface Opener {
  kpi: KpiDefinition;
  /** The (side, state) pairs of this KPI that open the plan, e.g. "warning below". */
  triggers: Array<{ side: 'below' | 'above'; state: Exclude<State, 'ok'> }>;
}

export function openersOf(planId: PlanId): Opener[] {
  return KPIS.flatMap((kpi) => {
    const triggers: Opener['triggers'] = [];
    for (const side of ['below', 'above'] as const) {
      for (const state of ['warning', 'critical'] as const) {
        if (kpi.plans[side]?.[state] === planId) {
          triggers.push({ side, state });
        }
      }
    }
    return triggers.length > 0 ? [{ kpi, triggers }] : [];
  });
}

/** "warning (too low), critical (too low)" — when the KPI opens the plan, in words. */
export function describeTriggers(opener: Opener): string {
  return opener.triggers.map(({ side, state }) => `${state} (${side === 'below' ? 'too low' : 'too high'})`).join(', ');
}

/** The live rows of the opener KPIs, in catalogue order; `opensNow` when the row's state opens this plan. */
export function openerRows(planId: PlanId, rows: readonly KpiRow[]): Array<{ row: KpiRow; opensNow: boolean }> {
  const ids = new Set(openersOf(planId).map((opener) => opener.kpi.id));
  const order = (row: KpiRow) => KPIS.findIndex((kpi) => kpi.id === row.kpi.id);
  return rows
    .filter((row) => ids.has(row.kpi.id))
    .sort((a, b) => order(a) - order(b) || (a.entry ?? '').localeCompare(b.entry ?? ''))
    .map((row) => ({ row, opensNow: row.plan === planId }));
}
