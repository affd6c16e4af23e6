/**
 * The bands in words for the tooltip and the band's edge labels: each state's range in the field's
 * unit, exactly (Grafana's threshold semantics: a step holds from its edge, inclusive, to the next,
 * exclusive), and per day for a KPI judged on its trend.
 */
import type { BandStep, KpiDefinition, State } from '../core/catalogue';
import { formatExact } from './formatValue';

/** "/day" for a KPI whose bands judge the slope of its series per day (total PnL), else nothing. */
export function judgedSuffix(kpi: KpiDefinition): string {
  return kpi.judgedOn === 'trend' ? '/day' : '';
}

/** A band edge as it is labelled: exact, in the unit, per day when the bands judge a trend. */
export function formatEdge(value: number, kpi: KpiDefinition, unit: string | undefined): string {
  return `${formatExact(value, unit)}${judgedSuffix(kpi)}`;
}

export interface StateRange {
  state: State;
  /** e.g. "< 98%", "≥ 98% and < 99.5%", "≥ 99.5%". */
  text: string;
}

export function bandRanges(bands: readonly BandStep[], edge: (value: number) => string): StateRange[] {
  return bands.map((step, i) => {
    const next = bands[i + 1]?.from;
    const from = i === 0 ? null : step.from;
    const lower = from === null ? undefined : `≥ ${edge(from)}`;
    const upper = next === undefined || next === null ? undefined : `< ${edge(next)}`;
    const text = lower && upper ? `${lower} and ${upper}` : (lower ?? upper ?? 'any value');
    return { state: step.state, text };
  });
}
