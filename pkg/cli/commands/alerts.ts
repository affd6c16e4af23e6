/**
 * `pmm-monitor alerts`: Grafana alert-rule provisioning YAML for a data source's own settings, its uid
 * and the Grafana it is in (pkg/provisioning/alerting/). The rules read each KPI's band state from the
 * data source when they are evaluated, so the file needs writing again only when the assets change.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { PmmError } from '../../../src/core/errors';
import { alertRulesYaml } from '../../provisioning/alerting/rulesFile';
import { DEFAULT_FOLDER } from '../../provisioning/alerting/rules';
import { EXIT, type CliIo } from '../io';
import { readConfig } from './config';

export const alertsUsage = `pmm-monitor alerts --config FILE --datasource-uid UID --grafana-url URL [--folder NAME] [--out FILE] [--no-dashboards]
  Writes Grafana alert-rule provisioning YAML for a PMM data source: per KPI a warning and a critical
  rule, one alert instance per asset, venue or node; the thresholds are the data source's own, read
  when a rule is evaluated (a band override changed in its settings needs no new file).
  --config FILE          the data source's settings (as \`pmm-monitor kpis --config\` reads them)
  --datasource-uid UID   the uid of that data source in Grafana (its settings page's URL ends with it)
  --grafana-url URL      Grafana's address as its users open it: runbook links are absolute under it
  --folder NAME          the folder the rules go in (default "${DEFAULT_FOLDER}")
  --out FILE             write the YAML there (default: print it), e.g. into provisioning/alerting/
  --no-dashboards        do not link rules to the KPIs' panels on the app's bundled area dashboards
                         (uids pmm-<area>; linked by default: enabling the app imports them)`;

const SOURCE = 'alert rules';

/** Grafana's uid rule (a data source's uid included): letters, digits, `-` and `_`, at most 40. */
function datasourceUidOf(text: string | undefined): string {
  if (!text || !/^[A-Za-z0-9_-]{1,40}$/.test(text)) {
    throw new PmmError(SOURCE, `--datasource-uid "${text ?? ''}" is not a Grafana uid`, {
      fix: "copy the uid from the data source's settings page URL (letters, digits, - and _, at most 40)",
    });
  }
  return text;
}

/** An http(s) address without query or fragment: plan paths are joined onto it. */
function grafanaUrlOf(text: string | undefined): string {
  let url: URL | undefined;
  try {
    url = text ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new PmmError(SOURCE, `--grafana-url "${text ?? ''}" is not an http(s) address`, {
      fix: "give Grafana's root URL as its users open it, e.g. https://grafana.example.com (its root_url)",
    });
  }
  return url.href.replace(/\/+$/, '');
}

function folderOf(text: string): string {
  if (text.trim() === '' || text.includes('/')) {
    // Grafana reads a `/` in a provisioned folder title as nothing special, but its UI as a path.
    throw new PmmError(SOURCE, `--folder "${text}" is not a folder title`, { fix: 'use a non-empty title without /' });
  }
  return text;
}

export async function alertsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      'datasource-uid': { type: 'string' },
      'grafana-url': { type: 'string' },
      folder: { type: 'string', default: DEFAULT_FOLDER },
      out: { type: 'string' },
      dashboards: { type: 'boolean', default: true },
    },
    strict: true,
    allowNegative: true,
  });
  if (!values.config) {
    throw new PmmError(SOURCE, '--config FILE is required', { fix: "give the data source's settings as JSON" });
  }
  const datasourceUid = datasourceUidOf(values['datasource-uid']);
  const grafanaUrl = grafanaUrlOf(values['grafana-url']);
  const folder = folderOf(values.folder);
  const { settings } = await readConfig(values.config);
  const yaml = alertRulesYaml(settings, { datasourceUid, grafanaUrl, folder, dashboards: values.dashboards });
  if (values.out) {
    await writeFile(values.out, yaml);
    const rules = (yaml.match(/^ {6}- uid: /gm) ?? []).length;
    io.err.write(`wrote ${values.out} (${rules} rules for data source ${datasourceUid})\n`);
  } else {
    io.out.write(yaml);
  }
  return EXIT.ok;
}
