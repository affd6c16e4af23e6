/**
 * What `pmm-monitor demo` prints once the world is ready: how to point a Grafana already on this machine
 * at it without Docker. The provisioned data source (provisioning/datasources/pmm-demo.yaml) points at
 * the default ports, so the hint says so when the world listens elsewhere.
 */
import path from 'node:path';

import { DEMO_PORTS } from '../../demo/datasourceSettings';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Grafana loads unsigned plugins only when their ids are listed; these are ours, and only ours. */
export const UNSIGNED_PLUGIN_IDS = ['halo-pmm-app', 'halo-pmm-datasource', 'halo-pmmkpi-panel'] as const;

export function grafanaInstructions(ports: { port: number; endpointsPort: number }, root = REPO_ROOT): string {
  const lines = [
    '',
    'To see it in a Grafana 12.4+ on this machine (without Docker):',
    `  1. npm run build                 # once: writes the plugin into ${path.join(root, 'dist')}`,
    `  2. plugin folder: link it into Grafana's plugins folder as halo-pmm-app, e.g.`,
    `       ln -s ${path.join(root, 'dist')} /var/lib/grafana/plugins/halo-pmm-app`,
    `  3. start Grafana with`,
    `       GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=${UNSIGNED_PLUGIN_IDS.join(',')}`,
    `       GF_PATHS_PROVISIONING=${path.join(root, 'provisioning')}`,
    `       GF_PATHS_PLUGINS=/var/lib/grafana/plugins   # the folder of step 2: the dashboards are the plugin's`,
    '     (the data source pmm-demo, the dashboards in "PMM Monitor", the alert rules and contact points)',
    '  4. open http://localhost:3000/d/pmm-overview',
    'Or, with Docker: docker compose up (Grafana and this demo together; see the README).',
  ];
  if (ports.port !== DEMO_PORTS.port || ports.endpointsPort !== DEMO_PORTS.endpointsPort) {
    lines.push(
      `Note: the provisioned data source expects JSON-RPC on ${DEMO_PORTS.port} and endpoints on ${DEMO_PORTS.endpointsPort};`,
      `this world listens on ${ports.port} and ${ports.endpointsPort}: use --write-config and set those URLs in the data source.`
    );
  }
  return `${lines.join('\n')}\n`;
}
