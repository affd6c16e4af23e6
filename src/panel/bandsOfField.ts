/**
 * The bands a KPI's number is judged on in the panel: the edges of the field's thresholds on the KPI's
 * own states. The field's thresholds are the data source's bands (its band overrides included), or a
 * panel's override of Grafana's standard Thresholds option; either way an edge moves and a zone keeps the
 * catalogue's meaning, as a data source's band overrides do (catalogue overrides.ts), so the colours
 * picked in Grafana's thresholds editor do not change a state. Thresholds that do not fit the KPI's
 * bands (another number of edges, edges not increasing) are set aside with a problem to show.
 */
import type { ThresholdsConfig } from '@grafana/data';

import { KPIS, resolveBands, validateOverrides, type BandStep, type KpiDefinition } from '../core/catalogue';

export interface FieldBands {
  bands: BandStep[];
  /** Why the field's thresholds were set aside, if they were. */
  problem?: string;
}

/**
 * The thresholds' edges in order: every step with a finite value. The first step's minus infinity is
 * no edge (JSON writes it as null), nor is the base step Grafana adds from the panel's defaults when the
 * data source's first step arrives as null.
 */
export function thresholdEdges(thresholds: ThresholdsConfig): number[] {
  return thresholds.steps
    .map((step) => step.value)
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
    .sort((a, b) => a - b);
}

export function bandsOf(
  kpi: KpiDefinition,
  thresholds: ThresholdsConfig | undefined,
  trendEdges?: readonly number[]
): FieldBands {
  // A trend KPI's thresholds would lie on its value, while its bands judge the slope: the data source
  // writes the slope's edges in force (its band overrides included) in the frame's meta instead.
  if (kpi.judgedOn === 'trend') {
    return trendEdges && validateOverrides(KPIS, { [kpi.id]: { edges: [...trendEdges] } }).length === 0
      ? { bands: resolveBands(kpi, { [kpi.id]: { edges: [...trendEdges] } }) }
      : { bands: resolveBands(kpi) };
  }
  if (!thresholds || thresholds.steps.length === 0) {
    return { bands: resolveBands(kpi) };
  }
  const fallback = resolveBands(kpi);
  if (thresholds.mode !== 'absolute') {
    return { bands: fallback, problem: `${kpi.name}: percentage thresholds are not read; its own bands are shown` };
  }
  const edges = thresholdEdges(thresholds);
  const [error] = validateOverrides(KPIS, { [kpi.id]: { edges } });
  if (error) {
    return {
      bands: fallback,
      problem: `${kpi.name}: thresholds set aside (${error.problem}); the catalogue's bands are shown`,
    };
  }
  return { bands: resolveBands(kpi, { [kpi.id]: { edges } }) };
}
