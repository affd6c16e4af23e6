/**
 * Reads provisioning/ as Grafana would: every YAML and JSON file, parsed, and the dashboards its provider
 * reads from the installed plugin (src/dashboards, which the build copies to dist/dashboards), with the
 * few shapes the tests look into typed loosely (what a provisioning file holds is data; a test must see a
 * wrong key, so nothing here is the generator's own type).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
export const PROVISIONING = path.join(ROOT, 'provisioning');
/** The dashboards the app bundles: src/plugin.json's includes name them relative to src/. */
export const BUNDLED_DASHBOARDS = path.join(ROOT, 'src', 'dashboards');

export interface ParsedFile {
  /** Relative to the repository root. */
  path: string;
  data: unknown;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function parsed(files: string[]): ParsedFile[] {
  return files
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      const relative = path.relative(ROOT, file);
      try {
        return { path: relative, data: file.endsWith('.json') ? JSON.parse(text) : parse(text) };
      } catch (error) {
        throw new Error(`${relative} does not parse: ${String(error)}`);
      }
    });
}

/** Every provisioning file Grafana reads (YAML and JSON); READMEs are for people. */
export function provisioningFiles(): ParsedFile[] {
  return parsed(walk(PROVISIONING));
}

/** The dashboards the app bundles, each a JSON file. */
export function bundledDashboardFiles(): ParsedFile[] {
  return parsed(walk(BUNDLED_DASHBOARDS));
}

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId?: string;
  datasource?: DataSourceRef;
  kpi?: string;
  area?: string;
  asset?: string;
  mode?: string;
  queryType?: string;
  [key: string]: unknown;
}

export interface Link {
  title?: string;
  url?: string;
  type?: string;
}

export interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: DataSourceRef;
  targets?: Target[];
  links?: Link[];
  options?: Record<string, unknown>;
  maxDataPoints?: number;
  gridPos?: { x: number; y: number; w: number; h: number };
  panels?: Panel[];
}

export interface Variable {
  type: string;
  name: string;
  query?: unknown;
  datasource?: DataSourceRef;
  current?: { text?: unknown; value?: unknown };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
}

export interface Dashboard {
  id?: number | null;
  uid: string;
  title: string;
  templating?: { list?: Variable[] };
  tags?: string[];
  time?: { from: string; to: string };
  links?: Link[];
  panels: Panel[];
  annotations?: { list: Array<{ name: string; datasource?: DataSourceRef; target?: Target; builtIn?: number }> };
}

export interface Datasource {
  name: string;
  type: string;
  uid: string;
  jsonData?: unknown;
  secureJsonData?: Record<string, string>;
}

export interface Rule {
  uid: string;
  title: string;
  data: Array<{ refId: string; datasourceUid: string; model: Target }>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Route {
  receiver?: string;
  object_matchers?: string[][];
  continue?: boolean;
  routes?: Route[];
}

export interface Provisioned {
  files: ParsedFile[];
  datasources: Datasource[];
  dashboards: Array<{ path: string; dashboard: Dashboard }>;
  providers: Array<{ name: string; folder?: string; options: { path: string } }>;
  rules: Array<Rule & { folder: string }>;
  contactPoints: Array<{
    name: string;
    receivers: Array<{ uid: string; type: string; settings: Record<string, unknown> }>;
  }>;
  policies: Route[];
  apps: Array<{ type: string }>;
}

type Loose = Record<string, unknown>;
const list = <T>(data: unknown, key: string): T[] => ((data as Loose | null)?.[key] as T[] | undefined) ?? [];

/**
 * Sorts the parsed files by what Grafana does with them, as it does: by their top-level keys. The
 * dashboards are those the provider reads: the ones the plugin bundles.
 */
export function loadProvisioning(files = provisioningFiles(), dashboardFiles = bundledDashboardFiles()): Provisioned {
  const yaml = files.filter((f) => !f.path.endsWith('.json'));
  return {
    files: [...files, ...dashboardFiles],
    datasources: yaml.flatMap((f) => list<Datasource>(f.data, 'datasources')),
    dashboards: dashboardFiles.map((f) => ({ path: f.path, dashboard: f.data as Dashboard })),
    providers: yaml.flatMap((f) => list<Provisioned['providers'][number]>(f.data, 'providers')),
    rules: yaml.flatMap((f) =>
      list<{ folder: string; rules: Rule[] }>(f.data, 'groups').flatMap((group) =>
        group.rules.map((rule) => ({ ...rule, folder: group.folder }))
      )
    ),
    contactPoints: yaml.flatMap((f) => list<Provisioned['contactPoints'][number]>(f.data, 'contactPoints')),
    policies: yaml.flatMap((f) => list<Route>(f.data, 'policies')),
    apps: yaml.flatMap((f) => list<{ type: string }>(f.data, 'apps')),
  };
}

/** Every panel of a dashboard, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every string anywhere in a parsed file. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(strings);
  }
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(strings);
  }
  return [];
}
