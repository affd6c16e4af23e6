/**
 * Reading a value against a KPI's bands. The steps follow Grafana's threshold semantics (a step holds
 * from its `from`, inclusive, up to the next step), so what these functions say is what a Grafana
 * threshold and an alert rule built from the same steps say.
 */
import type { BandStep, KpiDefinition, PlanId, State } from './types';

/** Index of the step a finite value falls in. */
function stepIndex(bands: readonly BandStep[], value: number): number {
  let index = 0;
  for (let i = 1; i < bands.length; i++) {
    const from = bands[i].from;
    if (from !== null && value >= from) {
      index = i;
    }
  }
  return index;
}

/** The state of a value; `undefined` when there is no value to judge (no data is not "ok"). */
export function stateOf(bands: readonly BandStep[], value: number | null | undefined): State | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return undefined;
  }
  return bands[stepIndex(bands, value)].state;
}

/** The ok range as [from, to): `null` ends are open. */
export function okRange(bands: readonly BandStep[]): [number | null, number | null] {
  const index = bands.findIndex((step) => step.state === 'ok');
  if (index < 0) {
    return [null, null];
  }
  return [bands[index].from, index + 1 < bands.length ? bands[index + 1].from : null];
}

/** Which side of the ok range a value is on, or `inside`. */
export function sideOf(bands: readonly BandStep[], value: number): 'below' | 'inside' | 'above' {
  const okIndex = bands.findIndex((step) => step.state === 'ok');
  const index = stepIndex(bands, value);
  if (index === okIndex) {
    return 'inside';
  }
  return index < okIndex ? 'below' : 'above';
}

/** How far a state is from ok, the magnitude of a state number (stateNumber). */
export const STATE_RANK: Readonly<Record<State, number>> = { ok: 0, warning: 1, critical: 2 };

/**
 * A judged value's state as one number, what a query with `statistic: 'state'` answers so that an
 * alert rule can read the data source's own judgement (its band overrides in force at evaluation
 * time) instead of edges written into the rule: 0 ok, 1 warning, 2 critical, negative when the value
 * is below the ok range and positive above it (the side decides which plan opens). Null when there is
 * no value, or no state, to judge: Grafana's NoData, never an "ok".
 */
export function stateNumber(
  bands: readonly BandStep[],
  value: number | null | undefined,
  state: State | undefined = stateOf(bands, value)
): number | null {
  if (state === undefined || value === null || value === undefined || Number.isNaN(value)) {
    return null;
  }
  if (state === 'ok') {
    return 0;
  }
  return sideOf(bands, value) === 'below' ? -STATE_RANK[state] : STATE_RANK[state];
}

/** The action plan a value opens: none when it is ok or missing. */
export function planFor(
  kpi: KpiDefinition,
  value: number | null | undefined,
  bands: readonly BandStep[] = kpi.bands
): PlanId | undefined {
  const state = stateOf(bands, value);
  if (state === undefined || state === 'ok' || value === null || value === undefined) {
    return undefined;
  }
  const side = sideOf(bands, value);
  return side === 'inside' ? undefined : kpi.plans[side]?.[state];
}

/** The bands in one line, e.g. "critical < 98 ≤ warning < 99.5 ≤ ok". */
export function describeBands(bands: readonly BandStep[]): string {
  return bands.map((step, i) => (i === 0 ? step.state : `${step.from} ≤ ${step.state}`)).join(' < ');
}
