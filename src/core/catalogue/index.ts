/** The catalogue's public face: every reader of KPIs and plans comes through here. */
import { KPIS } from './kpis';
import { PLANS } from './plans';
import type { ActionPlan, Area, KpiDefinition, PlanId } from './types';

export * from './types';
export { stateOf, okRange, sideOf, planFor, describeBands, stateNumber, STATE_RANK } from './bands';
export { worstEntry, worstKey } from './worst';
export { statementOf, statementText, type KpiStatement } from './statement';
export { resolveBands, validateOverrides } from './overrides';
export { KPIS, PLANS };

export function findKpi(id: string): KpiDefinition | undefined {
  return KPIS.find((kpi) => kpi.id === id);
}

export function findPlan(id: string): ActionPlan | undefined {
  return PLANS.find((plan) => plan.id === id);
}

export function kpisOfArea(area: Area): KpiDefinition[] {
  return KPIS.filter((kpi) => kpi.area === area);
}

/** Every plan a KPI can open, in the order of its bands. */
export function plansOfKpi(kpi: KpiDefinition): PlanId[] {
  const ids = [
    kpi.plans.below?.critical,
    kpi.plans.below?.warning,
    kpi.plans.above?.warning,
    kpi.plans.above?.critical,
  ];
  return Array.from(new Set(ids.filter((id): id is PlanId => id !== undefined)));
}
