import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { PLAN_IDS, findKpi, plansOfKpi } from '../../src/core/catalogue';
import { planUrl } from '../../src/core/urls';
import { entryOf, planHref, readPlanContext } from '../../src/app/planContext';
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

  it("carry the panel's data source, range, KPI and entry in the query string, read back as written", () => {
    const href = planHref('risk-early-warning', {
      datasource: 'desk ds',
      from: '1796023800000',
      to: 'now',
      kpi: 'liquidation_buffer',
      entry: { label: 'venue', value: 'cUSDCv3 (demo):maker' },
    });
    const url = new URL(href, 'https://grafana.example.com');
    expect(url.pathname).toBe('/a/halo-pmm-app/plans/risk-early-warning');
    expect([...url.searchParams]).toEqual([
      ['datasource', 'desk ds'],
      ['from', '1796023800000'],
      ['to', 'now'],
      ['kpi', 'liquidation_buffer'],
      ['venue', 'cUSDCv3 (demo):maker'],
    ]);
    expect(readPlanContext(url.searchParams)).toEqual({
      datasource: 'desk ds',
      from: '1796023800000',
      to: 'now',
      kpi: 'liquidation_buffer',
      entry: { label: 'venue', value: 'cUSDCv3 (demo):maker' },
    });
    expect(planHref('uptime-warning')).toBe('/a/halo-pmm-app/plans/uptime-warning');
  });

  it("read an alert rule's runbook link as they read the panel's: the KPI, the data source and the entry", () => {
    const file = parse(readFileSync(RULES, 'utf8')) as RulesFile;
    const urls = file.groups.flatMap((group) => group.rules.map((rule) => rule.annotations?.runbook_url ?? ''));
    // A rule on node health names its node as Grafana fills in the instance's label when it fires.
    const nodeRule = urls.find((url) => url.includes('kpi=node_health'));
    expect(nodeRule).toBeDefined();
    const fired = (nodeRule ?? '').replace(
      /\{\{ with \$labels\.node \}\}(.*)\{\{ urlquery \. \}\}\{\{ end \}\}/,
      '$1rpc%3Amain'
    );
    const context = readPlanContext(new URL(fired).searchParams);
    expect(context).toMatchObject({
      kpi: 'node_health',
      datasource: 'pmm-demo',
      entry: { label: 'node', value: 'rpc:main' },
    });
  });

  it("name a number's entry under its breakdown's label, none for a decomposition's part", () => {
    expect(entryOf(findKpi('inventory_level')!, 'WETH')).toEqual({ label: 'asset', value: 'WETH' });
    expect(entryOf(findKpi('quote_response_ms')!, 'probe')).toEqual({ label: 'entry', value: 'probe' });
    expect(entryOf(findKpi('total_pnl')!, 'gasUsd')).toBeUndefined();
    expect(entryOf(findKpi('uptime')!, undefined)).toBeUndefined();
  });
});
