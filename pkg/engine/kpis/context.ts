/** What every KPI formula is given: the dataset, the window to evaluate, and its headline rule. */
import type { Dataset, Window } from '../model';
import type { KpiResult } from './result';

export interface KpiContext {
  data: Dataset;
  window: Window;
  /** The value a breakdown shows as the KPI's own: its worst entry under the KPI's (overridden) bands. */
  worst(breakdown: Record<string, number>): number | null;
}

export type KpiFormula = (ctx: KpiContext) => KpiResult;
