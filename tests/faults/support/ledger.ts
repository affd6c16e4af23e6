/**
 * Holds an engine answer against the demo ledger (values computed by the simulator without the
 * engine), so a fault test proves the answer under a fault is the right one, not merely an answer.
 */
import type { ExpectedKpi } from '../../../pkg/demo/ledger/expected';
import type { EngineAnswer } from '../../../pkg/engine';

const RELATIVE = 1e-3;
/** Below this size a value is compared absolutely: a relative error of a near-zero figure means nothing. */
const TINY = 1e-6;

export function close(actual: number | null | undefined, expected: number | null | undefined): boolean {
  if (expected === null || expected === undefined) {
    return actual === null || actual === undefined;
  }
  if (actual === null || actual === undefined) {
    return false;
  }
  return Math.abs(actual - expected) <= Math.max(RELATIVE * Math.abs(expected), TINY);
}

/** Every KPI the ledger can know (not those measured at query time) that is missing or differs. */
export function mismatches(answer: EngineAnswer, expected: Record<string, ExpectedKpi>): string[] {
  const problems: string[] = [];
  for (const outcome of answer.outcomes) {
    const want = expected[outcome.kpi.id];
    if (want === undefined || 'measuredAtQueryTime' in want) {
      continue;
    }
    if (!outcome.result) {
      problems.push(`${outcome.kpi.id}: error ${outcome.error?.message}`);
    } else if (!close(outcome.result.value, want.value)) {
      problems.push(`${outcome.kpi.id}: engine ${outcome.result.value}, ledger ${want.value}`);
    }
  }
  return problems;
}

/** KPIs the ledger can know: the ones a fault test compares. */
export function ledgerKpis(expected: Record<string, ExpectedKpi>): string[] {
  return Object.entries(expected).flatMap(([id, want]) => ('measuredAtQueryTime' in want ? [] : [id]));
}
