/**
 * How Grafana shows a KPI's number, all of it from the catalogue: unit, natural bounds, the KPI's
 * bands as Grafana thresholds (so panel colours, frame thresholds and alert rules agree), and links to
 * the action plan the value opens, or to every plan of the KPI while it is fine.
 */
import {
  findPlan,
  plansOfKpi,
  statementText,
  type BandStep,
  type KpiDefinition,
  type PlanId,
  type State,
} from '../../../src/core/catalogue';
import { planUrl } from '../../../src/core/urls';
import type { DataLink, FieldConfig, ThresholdsConfig } from '../wire/frame';

/** Grafana's named colours for each state. */
export const STATE_COLOURS: Record<State, string> = { ok: 'green', warning: 'orange', critical: 'red' };

/** The bands as Grafana's threshold steps: the first from minus infinity (null in JSON). */
export function thresholdsOf(bands: readonly BandStep[]): ThresholdsConfig {
  return {
    mode: 'absolute',
    steps: bands.map((step, i) => ({ value: i === 0 ? null : step.from, color: STATE_COLOURS[step.state] })),
  };
}

function planLink(planId: PlanId, prefix: string): DataLink {
  return { title: `${prefix}: ${findPlan(planId)?.title ?? planId}`, url: planUrl(planId) };
}

/** The plan the current state opens, or (ok, or nothing to judge) every plan the KPI can open. */
export function planLinks(kpi: KpiDefinition, plan: PlanId | undefined): DataLink[] {
  if (plan) {
    return [planLink(plan, 'Open action plan')];
  }
  return plansOfKpi(kpi).map((id) => planLink(id, 'Action plan'));
}

export interface FieldConfigParameters {
  kpi: KpiDefinition;
  /** The bands this value is judged on (the entry's own for a per-asset KPI). */
  bands: readonly BandStep[];
  plan: PlanId | undefined;
  /** The breakdown entry (asset, venue, node), if the number is one. */
  entry?: string;
  /** The number is the slope per day that the bands judge (statistic 'trend'). */
  judgedTrend?: boolean;
}

export function fieldConfigOf({ kpi, bands, plan, entry, judgedTrend = false }: FieldConfigParameters): FieldConfig {
  const config: FieldConfig = {
    displayName: entry ? `${kpi.name} (${entry})` : kpi.name,
    description: `${statementText(kpi)} Target: ${kpi.target}.`,
    unit: judgedTrend ? (kpi.judgedUnit ?? kpi.unit) : kpi.unit,
    links: planLinks(kpi, plan),
  };
  if (kpi.min !== undefined) {
    config.min = kpi.min;
  }
  if (kpi.max !== undefined) {
    config.max = kpi.max;
  }
  if (kpi.judgedOn === 'value' || judgedTrend) {
    config.thresholds = thresholdsOf(bands);
  } else {
    // The bands judge the slope of the series (per day), not the value: drawn on the value they would lie.
    config.description = `${statementText(kpi)} Judged on its trend per day: ${kpi.target}.`;
  }
  return config;
}

/**
 * The field of a state number (statistic 'state'): no unit and no KPI thresholds (those are for the
 * value), value mappings that name each state, coloured as the panels colour it.
 */
export function stateFieldConfigOf(kpi: KpiDefinition, entry?: string): FieldConfig {
  const name = entry ? `${kpi.name} (${entry})` : kpi.name;
  const mapped = (value: number, text: string, state: State) => ({
    type: 'value' as const,
    options: { [String(value)]: { text, color: STATE_COLOURS[state] } },
  });
  return {
    displayName: `${name}: state`,
    description:
      `The band state of ${kpi.name} as this data source judges it (its band overrides in force): ` +
      '0 ok, 1 warning, 2 critical, negative below the ok range.',
    unit: 'none',
    min: -2,
    max: 2,
    mappings: [
      mapped(-2, 'critical (below)', 'critical'),
      mapped(-1, 'warning (below)', 'warning'),
      mapped(0, 'ok', 'ok'),
      mapped(1, 'warning (above)', 'warning'),
      mapped(2, 'critical (above)', 'critical'),
    ],
  };
}
