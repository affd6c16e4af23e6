/**
 * The demo's alert rules: provisioning/alerting/pmm-alert-rules.yaml is `pmm-monitor alerts`'s output
 * for the demo data source, which `npm run generate:alerts` writes by running the command.
 */
import path from 'node:path';

import { alertsCommand } from '../../cli/commands/alerts';
import { DEMO_DATASOURCE_UID } from '../ids';

export { DEMO_DATASOURCE_UID };

const ROOT = path.join(__dirname, '../../..');
export const DEMO_SETTINGS_FILE = path.join(ROOT, 'pkg/demo/demo-settings.json');
export const ALERT_RULES_FILE = path.join(ROOT, 'provisioning/alerting/pmm-alert-rules.yaml');

/** Where the demo's Grafana answers (docker-compose.yaml publishes it; `npm run demo` says so). */
export const DEMO_GRAFANA_URL = 'http://localhost:3000';

/**
 * The command line the demo's rules are written with (the file names no path, so where the config is
 * read from does not show); its rules link each KPI's panel on the app's bundled dashboards, as by default.
 */
export const DEMO_ALERTS_ARGS = [
  '--config',
  DEMO_SETTINGS_FILE,
  '--datasource-uid',
  DEMO_DATASOURCE_UID,
  '--grafana-url',
  DEMO_GRAFANA_URL,
] as const;

/** The demo's file as the command writes it now. */
export async function generateAlertRulesFile(): Promise<string> {
  let out = '';
  let err = '';
  const code = await alertsCommand([...DEMO_ALERTS_ARGS], {
    out: { write: (text: string) => (out += text) },
    err: { write: (text: string) => (err += text) },
  });
  if (code !== 0) {
    throw new Error(`pmm-monitor alerts ${DEMO_ALERTS_ARGS.join(' ')} failed (${code}): ${err}`);
  }
  return out;
}
