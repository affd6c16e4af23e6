/**
 * The provisioned alert rules file, as `npm run generate:alerts` writes it: the rules of rules.ts for
 * the demo data source (uid `pmm-demo`, the assets of pkg/demo/demo-settings.json), as YAML under a
 * header that says the file is generated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

import type { PmmSettings } from '../../../src/core/settings/types';
import { areaDashboardUid, kpiTimeseriesPanelId } from '../ids';
import { buildAlertRules, type PmmAlertQuery } from './rules';
import type { AlertRulesFile } from './provisioningFile';

/** The uid of the demo's provisioned PMM data source (provisioning/datasources). */
export const DEMO_DATASOURCE_UID = 'pmm-demo';

const ROOT = path.join(__dirname, '../../..');
export const DEMO_SETTINGS_FILE = path.join(ROOT, 'pkg/demo/demo-settings.json');
export const ALERT_RULES_FILE = path.join(ROOT, 'provisioning/alerting/pmm-alert-rules.yaml');

const HEADER = `# GENERATED FILE, DO NOT EDIT BY HAND.
# Written by \`npm run generate:alerts\` (pkg/provisioning/alerting/) from the KPI catalogue
# (src/core/catalogue/) and the assets and band overrides of the demo data source
# (pkg/demo/demo-settings.json, provisioned with uid ${DEMO_DATASOURCE_UID}). Change those and run the
# script again; pkg/provisioning/alerting/alertRules.test.ts fails while this file differs from what the
# script writes.
#
# Grafana alert rule provisioning, apiVersion 1: one group per KPI area; per KPI (and per asset of a
# per-asset KPI) a warning rule (outside the ok range) and a critical rule (in the critical band).
`;

export function readDemoSettings(file = DEMO_SETTINGS_FILE): Pick<PmmSettings, 'assets' | 'bandOverrides'> {
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Partial<PmmSettings>;
  if (!Array.isArray(settings.assets) || settings.assets.some((asset) => typeof asset?.symbol !== 'string')) {
    throw new Error(`${file}: expected "assets" with a "symbol" each`);
  }
  return { assets: settings.assets, bandOverrides: settings.bandOverrides };
}

export function renderAlertRulesFile(file: AlertRulesFile<PmmAlertQuery>): string {
  return `${HEADER}\n${stringify(file, { singleQuote: true, lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** The file's content as the generator writes it now. */
export function generateAlertRulesFile(): string {
  const settings = readDemoSettings();
  return renderAlertRulesFile(
    buildAlertRules({
      datasourceUid: DEMO_DATASOURCE_UID,
      assets: settings.assets,
      bandOverrides: settings.bandOverrides,
      // Each rule belongs to its KPI's time series on the area dashboard (provisioning/dashboards).
      panelOf: (kpi) => ({ dashboardUid: areaDashboardUid(kpi.area), panelId: kpiTimeseriesPanelId(kpi) }),
    })
  );
}
