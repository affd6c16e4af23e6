/** The KPI formulas' public face: the registry (every KPI's formula, series rule and gathered parts, by id). */
export { REGISTRY, type KpiComputation, type KpiEntry, type SeriesWindow } from './registry';
export type { KpiContext, KpiFormula } from './context';
export type { KpiResult } from './result';
