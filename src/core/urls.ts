import pluginJson from '../plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Stable URL of an action-plan page: alert runbook links and the panel's links point here. */
export function planUrl(planId: string): string {
  return `${PLUGIN_BASE_URL}/plans/${planId}`;
}
