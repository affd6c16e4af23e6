/**
 * The alert rules file as `pmm-monitor alerts` writes it: rules.ts's rules for one data source's
 * settings, as YAML under a header that says the file is generated and where its thresholds live.
 */
import { stringify } from 'yaml';

import type { PmmSettings } from '../../../src/core/settings/types';
import { areaDashboardUid, kpiTimeseriesPanelId } from '../ids';
import type { AlertRulesFile } from './provisioningFile';
import { buildAlertRules, type AlertRulesOptions, type PmmAlertQuery } from './rules';

function header(datasourceUid: string): string {
  return `# GENERATED FILE, DO NOT EDIT BY HAND.
# Written by \`pmm-monitor alerts\` (PMM Monitor) for the PMM data source uid ${datasourceUid}: Grafana
# alert rule provisioning, apiVersion 1. One group per KPI area; per KPI a warning rule (outside the ok
# range) and a critical rule (in the critical band), each with one alert instance per number of the KPI
# (per asset, venue or node). The thresholds are the data source's, read when the rules are evaluated:
# change a band in its settings (bandOverrides), not here; write the file again when its assets change.
`;
}

export function renderAlertRulesFile(file: AlertRulesFile<PmmAlertQuery>, datasourceUid: string): string {
  return `${header(datasourceUid)}\n${stringify(file, { singleQuote: true, lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export interface AlertRulesYamlOptions extends Omit<AlertRulesOptions, 'assets' | 'panelOf'> {
  /**
   * Link each rule to its KPI's panel on the app's bundled area dashboards (uids pmm-<area>); by default
   * yes, since enabling the app imports them.
   */
  dashboards?: boolean;
}

/** The whole file for a data source's settings: what `pmm-monitor alerts` prints. */
export function alertRulesYaml(settings: Pick<PmmSettings, 'assets'>, options: AlertRulesYamlOptions): string {
  const { dashboards = true, ...rest } = options;
  const file = buildAlertRules({
    ...rest,
    assets: settings.assets,
    ...(dashboards
      ? { panelOf: (kpi) => ({ dashboardUid: areaDashboardUid(kpi.area), panelId: kpiTimeseriesPanelId(kpi) }) }
      : {}),
  });
  return renderAlertRulesFile(file, options.datasourceUid);
}
