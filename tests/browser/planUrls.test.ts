import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { PLAN_IDS, findKpi, plansOfKpi } from '../../src/core/catalogue';
import { planUrl } from '../../src/core/urls';
import { openersOf } from '../../src/app/planOpeners';

const RULES = path.resolve(__dirname, '../../provisioning/alerting/pmm-alert-rules.yaml');

interface RulesFile {
  groups: Array<{ rules: Array<{ title: string; annotations?: { runbook_url?: string } }> }>;
}

describe('plan URLs', () => {
  it('are /a/halo-pmm-app/plans/<plan>, where every alert rule’s runbook_url points to a plan page', () => {
    expect(planUrl('uptime-warning')).toBe('/a/halo-pmm-app/plans/uptime-warning');
    const file = parse(readFileSync(RULES, 'utf8')) as RulesFile;
    const urls = file.groups.flatMap((group) => group.rules.map((rule) => rule.annotations?.runbook_url));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      // A two-sided KPI's rule picks its plan with a template: every URL in it must be a plan page.
      // The path only: the query string carries the KPI, data source and entry.
      const paths = [...(url ?? '').matchAll(/\/a\/[^\s{}'?]*/g)].map((match) => match[0]);
      expect(paths.length).toBeGreaterThan(0);
      for (const found of paths) {
        const id = found.split('/').pop() ?? '';
        expect(PLAN_IDS).toContain(id);
        expect(found).toBe(planUrl(id));
      }
    }
  });

  it('every plan is opened by some KPI, and the openers agree with the catalogue', () => {
    for (const id of PLAN_IDS) {
      const openers = openersOf(id);
      expect(openers.length).toBeGreaterThan(0);
      for (const opener of openers) {
        expect(plansOfKpi(findKpi(opener.kpi.id)!)).toContain(id);
      }
    }
  });
});
