/**
 * The dashboards the app bundles, as Grafana imports them from the plugin (src/plugin.json's includes,
 * copied to dist/ by the build) and as the demo provisions them (the same files, read from the installed
 * plugin): the overview and one per area, none naming a data source instance, each querying a data
 * source variable of our type, with its filters (asset, venue, wallet) answered by the data source and
 * accepted by the backend; every threshold panel asks the value and the range. Expected values come from
 * the plugin.json files, the catalogue, docker-compose.yaml and the demo settings, never the generator.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

import { AREAS, findKpi } from '../../src/core/catalogue';
import { DEFAULT_QUERY, VARIABLE_LISTS, type VariableList } from '../../src/core/query';
import type { PmmSettings } from '../../src/core/settings/types';
import { venuesOf } from '../../pkg/backend/handlers/callResource';
import { fixedResources } from '../../src/datasource/resources/fixedResources';
import { variableValues } from '../../src/datasource/variables/variableValues';
import {
  allPanels,
  bundledDashboardFiles,
  loadProvisioning,
  ROOT,
  strings,
  type Dashboard,
  type DataSourceRef,
  type Target,
  type Variable,
} from './load';
import { ALL_VALUE } from './resolve';

interface Include {
  type?: string;
  name?: string;
  path?: string;
  uid?: string;
  addToNav?: boolean;
}
interface PluginJson {
  id: string;
  info?: { links?: Array<{ name?: string; url?: string }> };
  includes?: Include[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
const app = readJson<PluginJson>('src/plugin.json');
const DATASOURCE_TYPE = readJson<PluginJson>('src/datasource/plugin.json').id;
const PANEL_TYPE = readJson<PluginJson>('src/panel/plugin.json').id;
const demoSettings = readJson<PmmSettings>('pkg/demo/demo-settings.json');

const files = bundledDashboardFiles();
const dashboards = files.map((f) => f.data as Dashboard);
const titles = ['RFQ monitoring: overview', ...AREAS.map((area) => `RFQ monitoring: ${area}`)];
const byTitle = (title: string) => dashboards.find((d) => d.title === title)!;

const variablesOf = (dashboard: Dashboard): Variable[] => dashboard.templating?.list ?? [];
const datasourceVariablesOf = (dashboard: Dashboard) =>
  variablesOf(dashboard).filter((v) => v.type === 'datasource' && v.query === DATASOURCE_TYPE);
/** A reference to a data source variable, as Grafana accepts it in a uid: `${name}` or `$name`. */
const isVariableRef = (uid: string | undefined, names: string[]) =>
  names.some((name) => uid === `\${${name}}` || uid === `$${name}`);

/** Every data source reference that queries: panels, their targets, the non-built-in annotations. */
function queryingRefs(dashboard: Dashboard): Array<{ where: string; ref?: DataSourceRef }> {
  return [
    ...allPanels(dashboard)
      .filter((p) => p.type !== 'row')
      .flatMap((panel) => [
        { where: `panel ${panel.title}`, ref: panel.datasource },
        ...(panel.targets ?? []).map((t) => ({ where: `panel ${panel.title} target ${t.refId}`, ref: t.datasource })),
      ]),
    ...(dashboard.annotations?.list ?? [])
      .filter((a) => a.builtIn !== 1)
      .map((a) => ({ where: `annotation ${a.name}`, ref: a.datasource })),
  ];
}

/** Every query a dashboard stores: its panels' targets and its data source annotations' targets. */
function targetsOf(dashboard: Dashboard): Target[] {
  return [
    ...allPanels(dashboard).flatMap((p) => p.targets ?? []),
    ...(dashboard.annotations?.list ?? []).filter((a) => a.builtIn !== 1 && a.target).map((a) => a.target!),
  ];
}

/** The `$name` / `${name}` variables a string reads. */
const variableNames = (text: string) => [...text.matchAll(/\$\{(\w+)\}|\$(\w+)/g)].map((m) => m[1] ?? m[2]);

describe('the dashboards the app bundles', () => {
  const includes = (app.includes ?? []).filter((i) => i.type === 'dashboard');

  it('src/plugin.json includes the overview and the five area dashboards, each a file in src/dashboards', () => {
    expect(dashboards.map((d) => d.title).sort()).toEqual([...titles].sort());
    expect(includes.map((i) => i.path).sort()).toEqual(
      readdirSync(path.join(ROOT, 'src', 'dashboards'))
        .map((name) => `dashboards/${name}`)
        .sort()
    );
    for (const include of includes) {
      const dashboard = readJson<Dashboard>(path.join('src', include.path ?? ''));
      // The include's uid is what Grafana's nav links to (/d/<uid>); its name is what the app lists.
      expect({ name: include.name, uid: include.uid }).toEqual({ name: dashboard.title, uid: dashboard.uid });
      // Grafana imports a dashboard with no id of its own.
      expect(dashboard.id ?? null).toBeNull();
    }
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    // The app's nav opens the overview; the action plans stay its default page.
    expect(includes.filter((i) => i.addToNav).map((i) => i.name)).toEqual(['RFQ monitoring: overview']);
  });

  it('no dashboard names a data source instance: nothing says pmm-demo, every query reads a variable', () => {
    for (const file of files) {
      expect({ file: file.path, demo: strings(file.data).filter((s) => s.includes('pmm-demo')) }).toEqual({
        file: file.path,
        demo: [],
      });
    }
    expect(strings(includes).filter((s) => s.includes('pmm-demo'))).toEqual([]);
  });

  it.each(titles)(
    '%s has a data source variable of our type, which every panel, target and annotation queries',
    (title) => {
      const dashboard = byTitle(title);
      const names = datasourceVariablesOf(dashboard).map((v) => v.name);
      expect(names).toHaveLength(1);
      const refs = queryingRefs(dashboard);
      expect(refs.length).toBeGreaterThan(2);
      for (const { where, ref } of refs) {
        expect({ where, type: ref?.type, variable: isVariableRef(ref?.uid, names) }).toEqual({
          where,
          type: DATASOURCE_TYPE,
          variable: true,
        });
      }
    }
  );

  it('every threshold panel asks the value over the range and the series (the sparkline and the change)', () => {
    const panels = dashboards.flatMap(allPanels).filter((p) => p.type === PANEL_TYPE);
    expect(panels).toHaveLength(titles.length);
    for (const panel of panels) {
      // A target without a mode asks what the query model defaults to.
      const modes = (panel.targets ?? []).map((t) => t.mode ?? DEFAULT_QUERY.mode);
      expect({ panel: panel.title, range: modes.includes('range'), instant: modes.includes('instant') }).toEqual({
        panel: panel.title,
        range: true,
        instant: true,
      });
    }
  });

  it('asset, venue and wallet variables where the panels split that way; every variable a query reads exists', () => {
    // From the catalogue: net delta (position), inventory level (inventory) and token PnL (performance) are
    // per asset, the liquidation buffer (risk) per venue position; every area's events are per wallet.
    const expected: Record<string, string[]> = {
      'RFQ monitoring: overview': [],
      'RFQ monitoring: uptime': ['wallet'],
      'RFQ monitoring: position': ['asset', 'wallet'],
      'RFQ monitoring: inventory': ['asset', 'wallet'],
      'RFQ monitoring: risk': ['venue', 'wallet'],
      'RFQ monitoring: performance': ['asset', 'wallet'],
    };
    for (const dashboard of dashboards) {
      const filters = variablesOf(dashboard).filter((v) => v.type === 'query');
      expect({ title: dashboard.title, filters: filters.map((v) => v.name).sort() }).toEqual({
        title: dashboard.title,
        filters: expected[dashboard.title],
      });
      const defined = new Set(variablesOf(dashboard).map((v) => v.name));
      const read = new Set(targetsOf(dashboard).flatMap((t) => strings(t).flatMap(variableNames)));
      // Every variable read is defined, and every filter defined is read by some query.
      expect([...read].filter((name) => !defined.has(name))).toEqual([]);
      expect(filters.map((v) => v.name).filter((name) => !read.has(name))).toEqual([]);
    }
  });

  it('a KPI query carries only the filters its KPI splits by (the backend refuses any other)', () => {
    const targets = dashboards.flatMap((d) => allPanels(d).flatMap((p) => p.targets ?? []));
    const filtered = targets.filter((t) => t.asset !== undefined || t.venue !== undefined);
    expect(filtered.length).toBeGreaterThan(0);
    for (const target of filtered.filter((t) => t.kpi !== undefined)) {
      const kpi = findKpi(target.kpi!)!;
      if (target.asset !== undefined) {
        expect({ kpi: kpi.id, perAsset: kpi.perAsset }).toEqual({ kpi: kpi.id, perAsset: true });
      }
      if (target.venue !== undefined) {
        expect({ kpi: kpi.id, breakdown: kpi.breakdown }).toEqual({ kpi: kpi.id, breakdown: 'venue' });
      }
    }
  });

  it('each filter: one of the data source lists, single-valued, opening on All, which the data source widens', async () => {
    const resources = fixedResources({
      get: {
        assets: { assets: demoSettings.assets },
        wallets: { wallets: demoSettings.wallets },
        venues: { venues: venuesOf(demoSettings) },
      },
    });
    const filters = dashboards.flatMap((d) =>
      variablesOf(d)
        .filter((v) => v.type === 'query')
        .map((v) => ({ dashboard: d, variable: v }))
    );
    expect(filters.length).toBeGreaterThan(0);
    for (const { dashboard, variable } of filters) {
      const names = datasourceVariablesOf(dashboard).map((v) => v.name);
      expect(isVariableRef(variable.datasource?.uid, names)).toBe(true);
      expect(variable.datasource?.type).toBe(DATASOURCE_TYPE);
      // A custom all value would reach the query as is; without one the data source writes "All" as nothing.
      expect({
        name: variable.name,
        multi: variable.multi,
        includeAll: variable.includeAll,
        allValue: variable.allValue ?? '',
        current: variable.current?.value,
      }).toEqual({ name: variable.name, multi: false, includeAll: true, allValue: '', current: ALL_VALUE });
      const query = variable.query as { refId?: string; list?: VariableList };
      expect(VARIABLE_LISTS).toContain(query.list);
      // Answered by the data source's variable support from its settings' lists.
      const values = await variableValues(resources, { refId: query.refId ?? 'v', list: query.list! });
      expect(values.length).toBeGreaterThan(0);
    }
    const assetQuery = filters.find((f) => f.variable.name === 'asset')!.variable.query as { list: VariableList };
    const assets = await variableValues(resources, { refId: 'v', list: assetQuery.list });
    expect(assets.map((v) => v.value)).toEqual(demoSettings.assets.map((a) => a.symbol));
  });

  it('the overview links each area dashboard on the same data source and time range', () => {
    const overview = byTitle('RFQ monitoring: overview');
    const [name] = datasourceVariablesOf(overview).map((v) => v.name);
    const links = allPanels(overview)
      .flatMap((p) => p.links ?? [])
      .filter((l) => l.url?.startsWith('/d/'));
    expect(links).toHaveLength(AREAS.length);
    for (const link of links) {
      expect(link.url).toContain('${__url_time_range}');
      expect(link.url).toContain(`\${${name}:queryparam}`);
    }
  });
});

describe('the demo provisions the same dashboards, from the installed plugin', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yaml'), 'utf8')) as {
    services: { grafana: { environment: Record<string, string>; volumes: string[] } };
  };
  const { grafana } = compose.services;
  const provisioned = loadProvisioning();

  it("the provider's path, as Grafana in docker compose resolves it, is the mounted dist/'s dashboards folder", () => {
    const [provider] = provisioned.providers;
    const resolved = provider.options.path.replace(/\$\{(\w+)\}/g, (match, name: string) => {
      const value = grafana.environment[name];
      return value ?? match;
    });
    const mount = grafana.volumes.map((v) => v.split(':')).find(([from]) => from === './dist');
    expect(mount).toBeDefined();
    const folders = new Set(
      (app.includes ?? []).filter((i) => i.type === 'dashboard').map((i) => path.posix.dirname(i.path ?? ''))
    );
    expect([...folders]).toEqual(['dashboards']);
    expect(resolved).toBe(path.posix.join(mount![1], 'dashboards'));
    // The plugin's folder is named after its id, as Grafana's plugins folder holds it.
    expect(mount![1]).toBe(path.posix.join(grafana.environment.GF_PATHS_PLUGINS, app.id));
  });

  it('provisioning/ holds no dashboard of its own: the bundled files are the only copy', () => {
    const json = provisioned.files.filter((f) => f.path.startsWith('provisioning/') && f.path.endsWith('.json'));
    expect(json.map((f) => f.path)).toEqual([]);
  });
});

// The build copies src/ to dist/ (create-plugin's copy of every src JSON file, and plugin.json with
// %VERSION% filled in). Run after `npm run build`; skipped on a tree that was not built.
const built = existsSync(path.join(ROOT, 'dist', 'plugin.json'));
(built ? describe : describe.skip)('the built plugin (dist/)', () => {
  it('dist/plugin.json includes the same dashboards, and dist/dashboards holds the generated files', () => {
    const distApp = readJson<PluginJson>('dist/plugin.json');
    const distIncludes = (distApp.includes ?? []).filter((i) => i.type === 'dashboard');
    expect(distIncludes).toEqual((app.includes ?? []).filter((i) => i.type === 'dashboard'));
    for (const include of distIncludes) {
      const distFile = path.join('dist', include.path ?? '');
      expect(readFileSync(path.join(ROOT, distFile), 'utf8')).toBe(
        readFileSync(path.join(ROOT, 'src', include.path ?? ''), 'utf8')
      );
    }
    expect(strings(distApp).filter((s) => s.includes('pmm-demo'))).toEqual([]);
  });
});
