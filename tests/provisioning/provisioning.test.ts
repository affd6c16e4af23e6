/**
 * provisioning/ as Grafana reads it: every file parses, the generated ones are current, and every
 * reference resolves — data source uids in dashboards and rules, dashboard and panel ids in rule
 * annotations, contact point names in the policy, plan pages in links and runbooks. Expected sets come
 * from the catalogue and the plugin.json files, never from the generator.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { AREAS, KPIS, PLAN_IDS, kpisOfArea } from '../../src/core/catalogue';
import { validateSettings } from '../../src/core/settings/validate';
import { DEMO_DATASOURCE_UID as RULES_DATASOURCE_UID } from '../../pkg/provisioning/alerting/generate';
import { PLACEHOLDERS } from '../../pkg/provisioning/alerting/notifications';
import { allPanels, loadProvisioning, provisioningFiles, ROOT, strings, type Route } from './load';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
const pluginIds = ['src/plugin.json', 'src/datasource/plugin.json', 'src/panel/plugin.json'].map((file) =>
  readJson<{ id: string; type: string; dependencies: { grafanaDependency: string } }>(file)
);
const DATASOURCE_TYPE = pluginIds.find((p) => p.type === 'datasource')!.id;
const PANEL_TYPE = pluginIds.find((p) => p.type === 'panel')!.id;
const APP_ID = pluginIds.find((p) => p.type === 'app')!.id;
/** Grafana's own annotation source and the alerting expression pseudo data source. */
const BUILT_IN_DATASOURCES = ['-- Grafana --', '__expr__'];

const provisioned = loadProvisioning();
/** Where the demo's Grafana answers (docker-compose.yaml); its rules link the bundled dashboards by default. */
const DEMO_RULES_OPTIONS = ['--grafana-url', 'http://localhost:3000'];
const dashboards = provisioned.dashboards.map((d) => d.dashboard);

/** Alertmanager's routing: first matching child (more while `continue`), recursively; else the node. */
function receiversFor(route: Route, labels: Record<string, string>, inherited?: string): string[] {
  const receiver = route.receiver ?? inherited;
  const found: string[] = [];
  for (const child of route.routes ?? []) {
    const matches = (child.object_matchers ?? []).every(([name, op, value]) => {
      const actual = labels[name] ?? '';
      switch (op) {
        case '=':
          return actual === value;
        case '!=':
          return actual !== value;
        case '=~':
          return new RegExp(`^(?:${value})$`).test(actual);
        case '!~':
          return !new RegExp(`^(?:${value})$`).test(actual);
        default:
          throw new Error(`unknown matcher operator ${op}`);
      }
    });
    if (matches) {
      found.push(...receiversFor(child, labels, receiver));
      if (!child.continue) {
        break;
      }
    }
  }
  return found.length > 0 ? found : [receiver ?? '(none)'];
}

describe('provisioning files', () => {
  it('all parse, and the generated ones are what `npm run generate:provisioning` writes now', () => {
    expect(provisioningFiles().length).toBeGreaterThan(5);
    // Through the script itself: its --check also fails on a dashboard it no longer writes. (The
    // generator formats with prettier, whose dynamic import jest's module system cannot run.)
    const check = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['pkg/provisioning/main.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 30_000);

  it("the alert rules are `pmm-monitor alerts`'s output for the demo data source, as a user runs it", () => {
    const args = ['alerts', '--config', 'pkg/demo/demo-settings.json', '--datasource-uid', 'pmm-demo'];
    const run = spawnSync('npx', ['--no-install', 'pmm-monitor', ...args, ...DEMO_RULES_OPTIONS], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const file = readFileSync(path.join(ROOT, 'provisioning/alerting/pmm-alert-rules.yaml'), 'utf8');
    expect(run.stdout === file).toBe(true);
  }, 60_000);

  it('enable the app and provision one PMM data source, uid pmm-demo, that the rules query', () => {
    expect(provisioned.apps.map((a) => a.type)).toEqual([APP_ID]);
    expect(provisioned.datasources.map((d) => [d.type, d.uid])).toEqual([[DATASOURCE_TYPE, 'pmm-demo']]);
    expect(RULES_DATASOURCE_UID).toBe('pmm-demo');
  });

  it("the data source's jsonData is the demo's shipped settings, valid, with no secret in it", () => {
    const [datasource] = provisioned.datasources;
    expect(datasource.jsonData).toEqual(readJson('pkg/demo/demo-settings.json'));
    expect(validateSettings(datasource.jsonData as Parameters<typeof validateSettings>[0])).toEqual([]);
    expect(datasource.secureJsonData ?? {}).toEqual({});
    expect(JSON.stringify(datasource.jsonData)).not.toMatch(/key|token|password/i);
  });

  it('every data source a rule names exists; dashboards name none but their variable (dashboards.test.ts)', () => {
    const uids = new Set([...provisioned.datasources.map((d) => d.uid), ...BUILT_IN_DATASOURCES]);
    for (const rule of provisioned.rules) {
      for (const query of rule.data) {
        expect(uids.has(query.datasourceUid)).toBe(true);
      }
    }
  });

  it('the dashboards: an overview and one per area, unique uids, in the folder of the alert rules', () => {
    expect(dashboards.map((d) => d.title).sort()).toEqual(
      ['RFQ monitoring: overview', ...AREAS.map((area) => `RFQ monitoring: ${area}`)].sort()
    );
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    const folders = new Set(provisioned.rules.map((r) => r.folder));
    expect(provisioned.providers.map((p) => p.folder)).toEqual([...folders]);
    for (const dashboard of dashboards) {
      expect(new Set(allPanels(dashboard).map((p) => p.id)).size).toBe(allPanels(dashboard).length);
    }
  });

  it('the overview shows every KPI (no kpi or area filter) in the threshold panel, grouped by area', () => {
    const overview = dashboards.find((d) => d.title === 'RFQ monitoring: overview')!;
    const panels = allPanels(overview).filter((p) => p.type === PANEL_TYPE);
    expect(panels).toHaveLength(1);
    expect(panels[0].options).toMatchObject({ groupByArea: true });
    // The value over the range and its series (sparkline and change), as the screenshots show.
    expect(panels[0].targets?.map((t) => [t.refId, t.mode])).toEqual([
      ['A', 'instant'],
      ['B', 'range'],
    ]);
    for (const target of panels[0].targets ?? []) {
      expect(target.kpi ?? '').toBe('');
      expect(target.area ?? '').toBe('');
    }
    // It links to every plan.
    const linked = (panels[0].links ?? []).map((l) => /\/plans\/([a-z-]+)$/.exec(l.url ?? '')?.[1]).filter(Boolean);
    expect([...linked].sort()).toEqual([...PLAN_IDS].sort());
  });

  it.each(AREAS)(
    'the %s dashboard: threshold panel and table of the area, a time series (bars now, for a KPI measured at query time) and a stat per KPI',
    (area) => {
      const dashboard = dashboards.find((d) => d.title === `RFQ monitoring: ${area}`)!;
      const panels = allPanels(dashboard);
      const byType = (type: string) => panels.filter((p) => p.type === type);
      expect(byType('table').flatMap((p) => p.targets ?? [])).toEqual([
        expect.objectContaining({ area, mode: 'instant' }),
      ]);
      // The threshold panel asks the value and the series (sparkline and change), as the screenshots show.
      expect(byType(PANEL_TYPE).flatMap((p) => p.targets ?? [])).toEqual([
        expect.objectContaining({ area, mode: 'instant', refId: 'A' }),
        expect.objectContaining({ area, mode: 'range', refId: 'B' }),
      ]);
      const kpis = kpisOfArea(area).map((k) => k.id);
      // A KPI measured at query time has no history (framework revision 2): its measurement now, as bars.
      const now = new Set<string>(
        kpisOfArea(area)
          .filter((k) => k.measuredAtQueryTime)
          .map((k) => k.id)
      );
      expect(byType('timeseries').map((p) => p.targets?.[0])).toEqual(
        kpis.filter((kpi) => !now.has(kpi)).map((kpi) => expect.objectContaining({ kpi, mode: 'range' }))
      );
      expect(
        byType('bargauge')
          .map((p) => p.targets?.[0])
          .filter((t) => t?.kpi !== undefined && now.has(t.kpi))
      ).toEqual([...now].map((kpi) => expect.objectContaining({ kpi, mode: 'instant' })));
      expect(byType('stat').map((p) => p.targets?.[0])).toEqual(
        kpis.map((kpi) => expect.objectContaining({ kpi, mode: 'instant' }))
      );
      const annotations = dashboard.annotations?.list.filter((a) => a.datasource?.type === DATASOURCE_TYPE) ?? [];
      expect(annotations.map((a) => a.target)).toEqual([expect.objectContaining({ queryType: 'annotations' })]);
    }
  );

  it('every KPI of the catalogue is on its area dashboard', () => {
    const shown = new Set(
      dashboards.flatMap(allPanels).flatMap((p) => (p.targets ?? []).map((t) => t.kpi).filter(Boolean))
    );
    expect([...shown].sort()).toEqual(KPIS.map((k) => k.id).sort());
  });

  it('every plan page linked from a dashboard or a rule exists, as does every linked dashboard', () => {
    const texts = provisioned.files.flatMap((f) => strings(f.data));
    const planLinks = texts.flatMap((t) => [...t.matchAll(/\/a\/([a-z-]+)\/plans\/([a-z0-9-]+)/g)]);
    expect(planLinks.length).toBeGreaterThan(PLAN_IDS.length);
    for (const [, app, plan] of planLinks) {
      expect(app).toBe(APP_ID);
      expect(PLAN_IDS).toContain(plan);
    }
    const dashboardLinks = texts.flatMap((t) => [...t.matchAll(/^\/d\/([A-Za-z0-9_-]+)/g)]).map((m) => m[1]);
    expect(dashboardLinks.length).toBeGreaterThan(0);
    for (const uid of dashboardLinks) {
      expect(dashboards.map((d) => d.uid)).toContain(uid);
    }
  });

  it("rules that name a dashboard and panel name existing ones, the KPI's own time series (or bars now)", () => {
    const linked = provisioned.rules.filter((r) => r.annotations.__dashboardUid__ !== undefined);
    expect(linked).toHaveLength(provisioned.rules.length);
    for (const rule of linked) {
      const dashboard = dashboards.find((d) => d.uid === rule.annotations.__dashboardUid__);
      expect({ rule: rule.uid, dashboard: dashboard?.title }).toEqual({
        rule: rule.uid,
        dashboard: `RFQ monitoring: ${rule.labels.area}`,
      });
      const panel = allPanels(dashboard!).find((p) => String(p.id) === rule.annotations.__panelId__);
      const measuredNow = KPIS.find((k) => k.id === rule.labels.kpi)?.measuredAtQueryTime;
      expect(panel?.type).toBe(measuredNow ? 'bargauge' : 'timeseries');
      expect(panel?.targets?.[0].kpi).toBe(rule.labels.kpi);
    }
  });

  it('contact points for email, Slack, PagerDuty and a webhook; the policy names only those', () => {
    expect(provisioned.contactPoints.flatMap((c) => c.receivers.map((r) => r.type)).sort()).toEqual([
      'email',
      'pagerduty',
      'slack',
      'webhook',
    ]);
    const names = new Set(provisioned.contactPoints.map((c) => c.name));
    const receivers = (route: Route): string[] => [
      ...(route.receiver ? [route.receiver] : []),
      ...(route.routes ?? []).flatMap(receivers),
    ];
    expect(provisioned.policies).toHaveLength(1);
    for (const name of receivers(provisioned.policies[0])) {
      expect(names.has(name)).toBe(true);
    }
    const uids = provisioned.contactPoints.flatMap((c) => c.receivers.map((r) => r.uid));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('the policy pages critical alerts, sends warnings to chat and automation, the rest to email', () => {
    const [root] = provisioned.policies;
    const nameOf = (type: string) => provisioned.contactPoints.find((c) => c.receivers[0].type === type)!.name;
    const route = (labels: Record<string, string>) => receiversFor(root, labels).sort();
    expect(route({ severity: 'critical', area: 'risk', kpi: 'var_99_1d' })).toEqual(
      [nameOf('pagerduty'), nameOf('slack'), nameOf('webhook')].sort()
    );
    expect(route({ severity: 'warning', area: 'uptime', kpi: 'uptime' })).toEqual(
      [nameOf('slack'), nameOf('webhook')].sort()
    );
    expect(route({ alertname: 'DatasourceNoData' })).toEqual([nameOf('email')]);
    // Every rule's severity reaches someone beyond the default.
    for (const rule of provisioned.rules) {
      expect(route(rule.labels)).not.toEqual([nameOf('email')]);
    }
  });

  it('the README documents every contact point placeholder', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const value of Object.values(PLACEHOLDERS)) {
      expect({ value, documented: readme.includes(value) }).toEqual({ value, documented: true });
    }
  });
});

describe('docker-compose.yaml', () => {
  interface Service {
    image?: string;
    command?: string[];
    environment?: Record<string, string>;
    volumes?: string[];
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    network_mode?: string;
    ports?: string[];
    build?: unknown;
  }
  const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yaml'), 'utf8')) as {
    services: Record<string, Service>;
  };
  const { grafana, demo } = compose.services;

  it('runs the Grafana release the packages and grafanaDependency name, and builds no image', () => {
    const pinned = readJson<{ dependencies: Record<string, string> }>('package.json').dependencies['@grafana/data'];
    expect(grafana.image).toBe(`grafana/grafana:${pinned}-ubuntu`);
    // grafanaDependency is a ">=" range (no @types/semver here): the pinned release must be in it.
    const version = (text: string) => text.split('.').map(Number);
    for (const plugin of pluginIds) {
      const floor = /^>=\s*(\d+\.\d+\.\d+)$/.exec(plugin.dependencies.grafanaDependency)?.[1];
      expect(floor).toBeDefined();
      const [a, b] = [version(pinned), version(floor!)];
      const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
      expect(cmp).toBeGreaterThanOrEqual(0);
    }
    expect(Object.values(compose.services).filter((s) => s.build !== undefined)).toEqual([]);
  });

  it('allows exactly our three unsigned plugins and mounts dist and provisioning', () => {
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',').sort()).toEqual(
      pluginIds.map((p) => p.id).sort()
    );
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        `./dist:/var/lib/grafana/plugins/${APP_ID}:ro`,
        `./provisioning:${grafana.environment?.GF_PATHS_PROVISIONING}:ro`,
      ])
    );
  });

  it('starts Grafana once the demo is healthy, on its network (the data source says 127.0.0.1)', () => {
    expect(grafana.depends_on).toEqual({ demo: { condition: 'service_healthy' } });
    expect(grafana.network_mode).toBe('service:demo');
    expect(demo.ports).toContain('3000:3000');
    expect(demo.image).toMatch(/^node:24/);
    const readyFile = demo.command![demo.command!.indexOf('--ready-file') + 1];
    expect(demo.command!.slice(0, 3)).toEqual(['node', 'pkg/cli/bin.mjs', 'demo']);
    expect(demo.healthcheck?.test).toEqual(['CMD', 'test', '-f', readyFile]);
    const urls = strings(provisioned.datasources[0].jsonData).filter((s) => s.startsWith('http'));
    expect(new Set(urls.map((u) => new URL(u).hostname))).toEqual(new Set(['127.0.0.1']));
  });
});
