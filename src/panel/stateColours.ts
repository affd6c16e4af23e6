/**
 * Each state's colour, as a Grafana colour name the theme resolves (light and dark differ). The same
 * names the backend writes into each frame's thresholds, so a Stat panel and this one agree.
 */
import type { State } from '../core/catalogue';

export const STATE_COLOUR: Record<State, string> = { ok: 'green', warning: 'orange', critical: 'red' };

export const STATE_OF_COLOUR: Partial<Record<string, State>> = { green: 'ok', orange: 'warning', red: 'critical' };

/** How alarming a state is, for sorting: worst first. No data sorts after ok. */
export const SEVERITY: Record<State | 'none', number> = { critical: 3, warning: 2, ok: 1, none: 0 };
