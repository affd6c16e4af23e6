/**
 * The demo's PMM data source, provisioned with uid pmm-demo (the alert rules and dashboards query it):
 * jsonData is pkg/demo/demo-settings.json, the settings of `npm run demo` on its default ports. In
 * docker compose Grafana shares the demo service's network (docker-compose.yaml), so the same
 * 127.0.0.1 URLs reach it there as beside a local `npm run demo`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadSettings } from '../../src/core/settings/load';
import type { PmmSettings } from '../../src/core/settings/types';
import { validateSettings } from '../../src/core/settings/validate';
import { DATASOURCE_TYPE, DEMO_DATASOURCE_UID } from './ids';

export const DEMO_SETTINGS_FILE = path.join(__dirname, '../demo/demo-settings.json');
export const DEMO_DATASOURCE_NAME = 'PMM Monitor (demo)';

export interface DatasourcesFile {
  apiVersion: 1;
  datasources: Array<{
    name: string;
    type: string;
    uid: string;
    orgId: number;
    access: 'proxy';
    isDefault: boolean;
    editable: boolean;
    jsonData: PmmSettings;
  }>;
}

/** Read as the backend will read them: a file the data source would refuse is refused here. */
export function readSettings(file = DEMO_SETTINGS_FILE): PmmSettings {
  const loaded = loadSettings(JSON.parse(readFileSync(file, 'utf8')));
  if (!loaded.ok) {
    throw new Error(`${file}: settings are invalid: ${JSON.stringify(loaded.problems)}`);
  }
  return loaded.settings;
}

export function datasourcesFile(settings = readSettings()): DatasourcesFile {
  // Refuse to provision settings the config editor and the backend would reject.
  const problems = validateSettings(settings);
  if (problems.length > 0) {
    throw new Error(`demo settings are invalid: ${JSON.stringify(problems)}`);
  }
  return {
    apiVersion: 1,
    datasources: [
      {
        name: DEMO_DATASOURCE_NAME,
        type: DATASOURCE_TYPE,
        uid: DEMO_DATASOURCE_UID,
        orgId: 1,
        // The backend does the querying; the browser never sees the nodes or keys.
        access: 'proxy',
        isDefault: true,
        // Editable so a newcomer can try a band override in the UI; the file wins at the next start.
        editable: true,
        jsonData: settings,
      },
    ],
  };
}
