/**
 * Every file `npm run generate:provisioning` writes, with its content: the dashboards the app bundles
 * (src/dashboards, listed in src/plugin.json's includes; the build copies them to dist/dashboards), and
 * the demo's provisioning: the data source, the dashboard provider that reads those same files from the
 * installed plugin, the contact points and the notification policy (alerting/notifications.ts). The
 * alert rules are alerting/'s own (`npm run generate:alerts`); provisioning/plugins/apps.yaml is written by hand.
 */
import path from 'node:path';
import { stringify } from 'yaml';

import { AREAS } from '../../src/core/catalogue';
import pluginJson from '../../src/plugin.json';
import { DEFAULT_FOLDER as ALERT_FOLDER } from './alerting/rules';
import { contactPointsFile, policiesFile } from './alerting/notifications';
import { areaDashboard } from './dashboards/area';
import { renderDashboard, type DashboardJson } from './dashboards/dashboardFile';
import { overviewDashboard } from './dashboards/overview';
import { datasourcesFile } from './datasource';
import { DASHBOARD_FOLDER } from './ids';

export const ROOT = path.join(__dirname, '../..');
export const PROVISIONING_DIR = path.join(ROOT, 'provisioning');
/** The app's dashboards, relative to the plugin's folder (src/ in the repository, dist/ once built). */
export const PLUGIN_DASHBOARDS_FOLDER = 'dashboards';
/** The folder of the bundled dashboards' JSON; nothing else lives in it. */
export const DASHBOARDS_DIR = path.join(ROOT, 'src', PLUGIN_DASHBOARDS_FOLDER);

/** A dashboard's file, relative to the plugin's folder: its `path` in src/plugin.json's includes. */
export function dashboardPluginPath(uid: string): string {
  return `${PLUGIN_DASHBOARDS_FOLDER}/${uid}.json`;
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

function header(what: string): string {
  return `# GENERATED FILE, DO NOT EDIT BY HAND.
# Written by \`npm run generate:provisioning\` (pkg/provisioning/); tests/provisioning fails while it is stale.
${what
  .trim()
  .split('\n')
  .map((line) => `# ${line}`)
  .join('\n')}
`;
}

function yamlFile(relative: string, what: string, body: unknown): GeneratedFile {
  return {
    path: relative,
    content: `${header(what)}\n${stringify(body, { singleQuote: true, lineWidth: 0, aliasDuplicateObjects: false })}`,
  };
}

/**
 * The demo provisions the dashboards the installed plugin bundles, so there is one copy of each: Grafana
 * reads `${VAR}` from its environment in provisioning files, and GF_PATHS_PLUGINS is set by the Grafana
 * image (docker-compose.yaml sets it too), and by whoever points a local Grafana at this folder.
 */
const dashboardsPath = `\${GF_PATHS_PLUGINS}/${pluginJson.id}/${PLUGIN_DASHBOARDS_FOLDER}`;

function dashboardProvider(): GeneratedFile {
  return yamlFile(
    'provisioning/dashboards/pmm.yaml',
    `The dashboards the PMM Monitor app bundles (its ${PLUGIN_DASHBOARDS_FOLDER}/*.json, from src/${PLUGIN_DASHBOARDS_FOLDER}), read from the
installed plugin, in the folder "${DASHBOARD_FOLDER}", where the alert rules live too. GF_PATHS_PLUGINS must name
Grafana's plugins folder (the Grafana image sets it to /var/lib/grafana/plugins).`,
    {
      apiVersion: 1,
      providers: [
        {
          name: 'PMM Monitor',
          orgId: 1,
          folder: DASHBOARD_FOLDER,
          type: 'file',
          disableDeletion: false,
          allowUiUpdates: false,
          updateIntervalSeconds: 60,
          options: { path: dashboardsPath, foldersFromFilesStructure: false },
        },
      ],
    }
  );
}

export function dashboards(): DashboardJson[] {
  return [overviewDashboard(), ...AREAS.map(areaDashboard)];
}

export async function generatedFiles(): Promise<GeneratedFile[]> {
  if (DASHBOARD_FOLDER !== ALERT_FOLDER) {
    throw new Error(`dashboards go to "${DASHBOARD_FOLDER}" but the alert rules to "${ALERT_FOLDER}"`);
  }
  return [
    yamlFile(
      'provisioning/datasources/pmm-demo.yaml',
      `The PMM data source of the demo world (uid pmm-demo; the dashboards and alert rules query it): jsonData is
pkg/demo/demo-settings.json, where \`npm run demo\` listens (127.0.0.1:8545 and :8546). For a real deployment copy
this file, set your nodes, wallets, assets and venues (README, "Configuration") and put keys in secureJsonData.`,
      datasourcesFile()
    ),
    dashboardProvider(),
    ...(await Promise.all(
      dashboards().map(async (dashboard) => {
        if (!dashboard.uid) {
          throw new Error(`dashboard "${dashboard.title}" has no uid: its file and include are named after it`);
        }
        const relative = `src/${dashboardPluginPath(dashboard.uid)}`;
        return { path: relative, content: await renderDashboard(dashboard, path.join(ROOT, relative)) };
      })
    )),
    yamlFile(
      'provisioning/alerting/pmm-contact-points.yaml',
      `Contact points for the PMM alert rules. Every setting below is a PLACEHOLDER: replace it (README, "Alerting").`,
      contactPointsFile()
    ),
    yamlFile(
      'provisioning/alerting/pmm-notification-policies.yaml',
      `The notification policy tree, routed on the rules' severity label. It replaces the organisation's whole tree.`,
      policiesFile()
    ),
  ];
}
