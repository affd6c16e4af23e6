/**
 * The alert rules the config page offers: exactly what `pmm-monitor alerts` writes for this data source
 * (pkg/provisioning/alerting/rulesFile.ts), for its uid, its assets as they stand in the editor and the
 * Grafana it is open in, so a user copies or downloads them without the command line.
 */
import { alertRulesYaml } from '../../../../pkg/provisioning/alerting/rulesFile';
import type { PmmOptions } from './settingsEdit';

/** The YAML, or why there is none yet (a data source is given its uid when first saved). */
export function alertRulesText(options: Pick<PmmOptions, 'uid' | 'jsonData'>, grafanaUrl: string): string | undefined {
  if (!options.uid) {
    return undefined;
  }
  return alertRulesYaml({ assets: options.jsonData.assets ?? [] }, { datasourceUid: options.uid, grafanaUrl });
}

/** The file name a download gets: Grafana reads any *.yaml in provisioning/alerting/. */
export function alertRulesFileName(uid: string): string {
  return `pmm-alert-rules-${uid}.yaml`;
}
