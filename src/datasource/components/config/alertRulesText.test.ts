/** The rules the config page offers, read back as YAML: for this data source, under this Grafana. */
import { parse } from 'yaml';

import { alertRulesFileName, alertRulesText } from './alertRulesText';
import type { PmmOptions } from './settingsEdit';

interface RulesFile {
  groups: Array<{
    rules: Array<{
      labels: Record<string, string>;
      data: Array<{ datasourceUid: string }>;
      annotations: Record<string, string>;
    }>;
  }>;
}

const options = (uid: string, assets: Array<{ symbol: string; stable?: boolean; targetUsd?: number }>) =>
  ({ uid, jsonData: { assets } }) as unknown as Pick<PmmOptions, 'uid' | 'jsonData'>;

const rulesOf = (text: string | undefined) => (parse(text ?? '') as RulesFile).groups.flatMap((g) => g.rules);

describe('the alert rules on the config page', () => {
  it('are for this data source and under the Grafana the page is open in', () => {
    const rules = rulesOf(
      alertRulesText(
        options('desk-1', [
          { symbol: 'WETH', targetUsd: 1e6 },
          { symbol: 'USDC', stable: true },
        ]),
        'https://g.example.com'
      )
    );
    // 24 KPIs × warning and critical: WETH has a delta (net delta) and a target (inventory level).
    expect(rules).toHaveLength(48);
    for (const rule of rules) {
      expect(new Set(rule.data.map((q) => q.datasourceUid))).toEqual(new Set(['desk-1', '__expr__']));
      expect(rule.annotations.runbook_url).toMatch(
        /^(\{\{ if [^}]* \}\})?https:\/\/g\.example\.com\/a\/halo-pmm-app\/plans\//
      );
    }
  });

  it('leave out a KPI the assets give no number: no net delta for stablecoins, no level without a target', () => {
    const rules = rulesOf(alertRulesText(options('desk-1', [{ symbol: 'USDC', stable: true }]), 'https://g'));
    expect(rules.filter((r) => ['net_delta', 'inventory_level'].includes(r.labels.kpi))).toEqual([]);
    expect(rules).toHaveLength(44);
  });

  it('wait for a uid (a data source gets one when first saved), and download under a name that says whose', () => {
    expect(alertRulesText(options('', []), 'https://g')).toBeUndefined();
    expect(alertRulesFileName('desk-1')).toBe('pmm-alert-rules-desk-1.yaml');
  });
});
