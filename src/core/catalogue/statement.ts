/**
 * What a KPI computes, in the catalogue's words: the one statement the panel's tooltip, the field's
 * description (Grafana shows it beside any panel's title) and the alert rules' descriptions carry, so
 * that a number reads the same wherever a desk meets it (framework revision 2: one place defines each KPI).
 */
import type { KpiDefinition } from './types';

export interface KpiStatement {
  /** What the number is for, one sentence. */
  description: string;
  /** How it is computed, with what it reads. */
  formula: string;
  /** The choices the framework left open and how the code took them. */
  choices: readonly string[];
}

export function statementOf(kpi: KpiDefinition): KpiStatement {
  return { description: kpi.description, formula: kpi.formula, choices: kpi.choices };
}

/** The statement as one plain text: description, then "How:", then "Choices:". */
export function statementText(kpi: KpiDefinition): string {
  const { description, formula, choices } = statementOf(kpi);
  const chosen = choices.length > 0 ? ` Choices: ${choices.join(' ')}` : '';
  return `${description} How: ${formula}${chosen}`;
}
