/**
 * The headline of a KPI: the number it shows, the bands it is judged under, its state and the plan
 * that state opens. For a per-asset KPI every asset is judged under its own bands (a `kpi:ASSET`
 * override, else the KPI's), so the headline is the asset in the worst trouble under its own bands,
 * and that asset's bands decide the headline's state and plan (framework revision 2, item 9): a wider
 * band set for one asset neither raises nor hides an alarm that its own bands do not.
 */
import {
  planFor,
  resolveBands,
  stateOf,
  worstKey,
  type BandOverrides,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import type { KpiResult } from '../kpis';

/** The bands an entry of a KPI's breakdown is judged under. */
export function entryBands(kpi: KpiDefinition, overrides: BandOverrides, key: string): BandStep[] {
  return resolveBands(kpi, overrides, kpi.perAsset ? key : undefined);
}

/** The rule a formula picks its headline with (KpiContext.worst): the worst entry, each under its own bands. */
export function worstOf(
  kpi: KpiDefinition,
  overrides: BandOverrides
): (breakdown: Record<string, number>) => number | null {
  const bands = resolveBands(kpi, overrides);
  const bandsOf = kpi.perAsset ? (key: string) => entryBands(kpi, overrides, key) : () => bands;
  return (breakdown) => {
    const key = worstKey(kpi, breakdown, bandsOf);
    return key === undefined ? null : breakdown[key];
  };
}

export interface Headline {
  /** The bands the headline number is judged under: its asset's, for a per-asset KPI. */
  bands: BandStep[];
  /** The breakdown entry the headline is, for a per-asset KPI whose value is one of its assets. */
  entry?: string;
  state?: State;
  plan?: PlanId;
}

export function headlineOf(kpi: KpiDefinition, result: KpiResult, overrides: BandOverrides): Headline {
  const judged = kpi.judgedOn === 'trend' ? result.trend : result.value;
  let bands = resolveBands(kpi, overrides);
  let entry: string | undefined;
  if (kpi.perAsset && kpi.judgedOn === 'value' && result.breakdown && judged !== null) {
    const key = worstKey(kpi, result.breakdown, (k) => entryBands(kpi, overrides, k));
    // The value is that entry's (the formula took it with worstOf); anything else keeps the KPI's bands.
    if (key !== undefined && result.breakdown[key] === judged) {
      entry = key;
      bands = entryBands(kpi, overrides, key);
    }
  }
  return { bands, entry, state: stateOf(bands, judged), plan: planFor(kpi, judged, bands) };
}
