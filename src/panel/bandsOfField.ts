/**
 * The bands a KPI's number is judged on in the panel: the panel's own override first, then the
 * thresholds the frame carries (the data source's bands, its band overrides included), then the
 * catalogue's. Thresholds come back as catalogue steps by colour, since the backend writes each state
 * as Grafana's named colour for it (pkg/backend/handlers/fieldConfig.ts).
 */
import type { ThresholdsConfig } from '@grafana/data';

import { resolveBands, type BandOverrides, type BandStep, type KpiDefinition, type State } from '../core/catalogue';
import { STATE_OF_COLOUR } from './stateColours';

/** The frame's thresholds as band steps, or undefined when they do not map onto states one to one. */
export function bandsOfThresholds(thresholds: ThresholdsConfig | undefined): BandStep[] | undefined {
  if (!thresholds || thresholds.mode !== 'absolute' || thresholds.steps.length === 0) {
    return undefined;
  }
  const steps: BandStep[] = [];
  for (const [i, step] of thresholds.steps.entries()) {
    const state: State | undefined = STATE_OF_COLOUR[step.color];
    // JSON writes the first step's -Infinity as null; @grafana/data may hand it back as -Infinity.
    const from = i === 0 ? null : step.value;
    if (!state || (i > 0 && (from === null || !Number.isFinite(from)))) {
      return undefined;
    }
    steps.push({ from, state });
  }
  return steps;
}

export function bandsOf(
  kpi: KpiDefinition,
  thresholds: ThresholdsConfig | undefined,
  overrides: BandOverrides,
  entry: string | undefined
): BandStep[] {
  const own = kpi.perAsset && entry ? `${kpi.id}:${entry}` : undefined;
  if ((own && overrides[own]) || overrides[kpi.id]) {
    return resolveBands(kpi, overrides, kpi.perAsset ? entry : undefined);
  }
  const fromFrame = bandsOfThresholds(thresholds);
  // The frame's steps replace edges only when they have the catalogue's shape (same states, same order).
  if (fromFrame && fromFrame.length === kpi.bands.length && fromFrame.every((s, i) => s.state === kpi.bands[i].state)) {
    return fromFrame;
  }
  return resolveBands(kpi);
}
