/**
 * The checks of Grafana's plugin validator (github.com/grafana/plugin-validator, pkg/analysis/passes)
 * that apply to our archive and can run offline, over the zip itself: what Grafana and the catalogue
 * would refuse. The validator's own binary cannot be fetched here (README, "Validation"); each check
 * below names the analyzer it stands for.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';

import type { ZipArchive } from './zip';

export type Severity = 'error' | 'warning' | 'ok';

export interface Finding {
  /** The validator analyzer this check stands for. */
  check: string;
  severity: Severity;
  message: string;
}

interface PluginJson {
  id?: string;
  type?: string;
  name?: string;
  backend?: boolean;
  alerting?: boolean;
  executable?: string;
  info?: {
    version?: string;
    updated?: string;
    description?: string;
    keywords?: string[];
    logos?: { small?: string; large?: string };
    screenshots?: Array<{ name?: string; path?: string }>;
  };
  includes?: Array<{ type?: string; path?: string }>;
  dependencies?: { grafanaDependency?: string };
}

/** Grafana's own schema for plugin.json, kept verbatim as a fixture (see its README for the commit). */
export const SCHEMA_FILE = path.join(__dirname, '../../../tests/fixtures/grafana/plugin.schema.json');

const BINARY_SUFFIXES = ['_linux_amd64', '_linux_arm64', '_darwin_amd64', '_darwin_arm64', '_windows_amd64.exe'];
const TYPE_SUFFIX: Record<string, string> = { app: '-app', datasource: '-datasource', panel: '-panel' };
const TRACKERS = [
  /google-analytics\.com/,
  /googletagmanager\.com/,
  /api\.segment\.io/,
  /cdn\.mxpnl\.com/,
  /hotjar\.com/,
];
/**
 * Keys the build writes that the schema fixture predates: create-plugin's build adds `buildMode`, which
 * Grafana's current schema (the one the validator downloads) knows. They are checked here, not by the
 * fixture.
 */
const NEWER_THAN_FIXTURE = ['buildMode'] as const;

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function compileSchema() {
  // As tests/plugin-json.test.ts explains: draft-07, no format plugin, non-strict, non-unicode patterns.
  const ajv = new Ajv({ allErrors: true, validateFormats: false, strict: false, unicodeRegExp: false });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
}

/** Why a file is not a dashboard Grafana can import (a uid and panels), or undefined when it is one. */
function dashboardProblem(bytes: Buffer): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'is not JSON';
  }
  const dashboard = json as { uid?: unknown; panels?: unknown };
  if (typeof dashboard.uid !== 'string' || dashboard.uid === '') {
    return 'has no uid';
  }
  return Array.isArray(dashboard.panels) ? undefined : 'has no panels';
}

export function validateArchive(zip: ZipArchive, archiveName: string): Finding[] {
  const findings: Finding[] = [];
  const report = (check: string, severity: Severity, message: string) => findings.push({ check, severity, message });
  const names = new Set(zip.entries.map((e) => e.name));
  const files = zip.entries.filter((e) => !e.directory);

  // archive: one root directory, named after the plugin id, not the legacy dist/.
  const roots = new Set(zip.entries.map((e) => e.name.split('/')[0]));
  if (roots.size !== 1 || zip.entries.some((e) => !e.name.includes('/'))) {
    report('archive', 'error', `the archive must hold one root directory, found ${[...roots].join(', ')}`);
    return findings;
  }
  const [root] = roots;
  const rootPluginFile = `${root}/plugin.json`;
  if (!names.has(rootPluginFile)) {
    report('archive', 'error', `${rootPluginFile} is missing`);
    return findings;
  }
  const rootPlugin = JSON.parse(zip.read(rootPluginFile).toString('utf8')) as PluginJson;
  if (root === 'dist' || root !== rootPlugin.id) {
    report('archivename', 'error', `the root directory is "${root}", not the plugin id "${rootPlugin.id}"`);
  } else {
    report('archive', 'ok', `one root directory, ${root}/`);
  }
  if (!archiveName.startsWith(`${rootPlugin.id}-${rootPlugin.info?.version}`)) {
    report('archivename', 'warning', `${archiveName} does not start with ${rootPlugin.id}-${rootPlugin.info?.version}`);
  }
  const junk = files.filter((f) => /(^|\/)(\.DS_Store|__MACOSX|node_modules|\.git)(\/|$)/.test(f.name));
  if (junk.length > 0) {
    report('archive', 'error', `unexpected files: ${junk.map((f) => f.name).join(', ')}`);
  }

  // metadata, nestedmetadata: every plugin.json, each validated against Grafana's schema.
  const validate = compileSchema();
  const plugins = files
    .filter((f) => f.name.endsWith('/plugin.json'))
    .map((f) => ({
      file: f.name,
      dir: path.posix.dirname(f.name),
      json: JSON.parse(zip.read(f.name).toString('utf8')) as PluginJson,
    }));
  for (const { file, dir, json } of plugins) {
    const { buildMode, ...forSchema } = json as PluginJson & { buildMode?: unknown };
    if (buildMode !== undefined && buildMode !== 'production') {
      report('metadatavalid', 'error', `${file}: buildMode is ${JSON.stringify(buildMode)}, not a production build`);
    }
    if (validate(forSchema)) {
      report(
        'metadatavalid',
        'ok',
        `${file} matches Grafana's plugin.schema.json (${NEWER_THAN_FIXTURE.join(', ')} checked apart)`
      );
    } else {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
      report('metadatavalid', 'error', `${file}: ${errors}`);
    }
    const where = `${file}:`;
    // version: filled in at build, semver, the same in every nested plugin.
    const version = json.info?.version ?? '';
    if (!SEMVER.test(version)) {
      report('version', 'error', `${where} info.version "${version}" is not a version (was %VERSION% replaced?)`);
    } else if (version !== rootPlugin.info?.version) {
      report('version', 'error', `${where} version ${version} differs from the app's ${rootPlugin.info?.version}`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(json.info?.updated ?? '')) {
      report('version', 'error', `${where} info.updated "${json.info?.updated}" is not a date (was %TODAY% replaced?)`);
    }
    // typesuffix
    const suffix = TYPE_SUFFIX[json.type ?? ''];
    if (suffix && !json.id?.endsWith(suffix)) {
      report('typesuffix', 'error', `${where} id ${json.id} of a ${json.type} should end with ${suffix}`);
    }
    // discoverability
    if (!json.info?.description?.trim() || (json.info?.keywords ?? []).length === 0) {
      report('discoverability', 'warning', `${where} needs a description and keywords`);
    }
    // grafanadependency
    if (!/^(>=|>|~|\^)?\s*\d+\.\d+\.\d+/.test(json.dependencies?.grafanaDependency ?? '')) {
      report('grafanadependency', 'error', `${where} dependencies.grafanaDependency is missing or not a range`);
    }
    // modulejs, jssourcemap
    if (!names.has(`${dir}/module.js`)) {
      report('modulejs', 'error', `${dir}/module.js is missing`);
    } else if (!names.has(`${dir}/module.js.map`)) {
      report('jssourcemap', 'warning', `${dir}/module.js.map is missing`);
    }
    // logos, metadatapaths, unsafesvg
    for (const logo of [json.info?.logos?.small, json.info?.logos?.large]) {
      const target = logo ? path.posix.join(dir, logo) : '';
      if (!logo || !names.has(target)) {
        report('logos', 'error', `${where} logo ${logo ?? '(none)'} is not in the archive`);
      } else if (logo.endsWith('.svg')) {
        const svg = zip.read(target).toString('utf8');
        if (/<script|\son[a-z]+\s*=|javascript:/i.test(svg)) {
          report('unsafesvg', 'error', `${target} holds script`);
        }
      }
    }
    // screenshots (the app's listing shows them; the validator warns when there are none)
    const shots = json.info?.screenshots ?? [];
    for (const shot of shots) {
      if (!shot.path || !names.has(path.posix.join(dir, shot.path))) {
        report('screenshots', 'error', `${where} screenshot ${shot.path ?? '(no path)'} is not in the archive`);
      }
    }
    if (json.type === 'app' && shots.length === 0) {
      report('screenshots', 'warning', `${where} has no screenshots`);
    } else if (shots.length > 0 && shots.every((shot) => shot.path && names.has(path.posix.join(dir, shot.path)))) {
      report('screenshots', 'ok', `${where} ${shots.length} screenshots, all in the archive`);
    }
    // backendbinary, binarypermissions
    if (json.alerting && !json.backend) {
      report('backendbinary', 'error', `${where} alerting without backend`);
    }
    if (json.backend) {
      if (!json.executable) {
        report('backendbinary', 'error', `${where} backend without executable`);
      } else {
        const base = path.posix.join(dir, json.executable);
        const binaries = files.filter((f) => BINARY_SUFFIXES.some((s) => f.name === `${base}${s}`));
        if (binaries.length === 0) {
          report('backendbinary', 'error', `${where} no ${json.executable}_<os>_<arch> executable beside it`);
        }
        for (const binary of binaries.filter((b) => !b.name.endsWith('.exe'))) {
          if (binary.mode !== 0o755) {
            report('binarypermissions', 'error', `${binary.name} has mode ${binary.mode.toString(8)}, must be 755`);
          } else {
            report('binarypermissions', 'ok', `${binary.name} is 0755 (${(binary.size / 2 ** 20).toFixed(0)} MiB)`);
          }
        }
      }
    }
    // trackingscripts
    if (names.has(`${dir}/module.js`)) {
      const code = zip.read(`${dir}/module.js`).toString('utf8');
      const tracker = TRACKERS.find((t) => t.test(code));
      if (tracker) {
        report('trackingscripts', 'error', `${dir}/module.js references ${tracker.source}`);
      }
    }
  }

  // includesnested: every nested plugin is listed in the app's includes by its plugin.json path.
  for (const { dir, json } of plugins.filter((p) => p.file !== rootPluginFile)) {
    const relative = `${path.posix.relative(root, dir)}/plugin.json`;
    const listed = (rootPlugin.includes ?? []).some((i) => i.type === json.type && i.path === relative);
    report(
      'includesnested',
      listed ? 'ok' : 'error',
      `${json.id} ${listed ? 'is' : 'is not'} in the app's includes (${relative})`
    );
  }

  // includeddashboards: every dashboard the app includes is in the archive, a dashboard with a uid.
  const dashboards = (rootPlugin.includes ?? []).filter((i) => i.type === 'dashboard');
  for (const include of dashboards) {
    const entry = path.posix.join(root, include.path ?? '');
    const problem = !include.path || !names.has(entry) ? 'is not in the archive' : dashboardProblem(zip.read(entry));
    report(
      'includeddashboards',
      problem ? 'error' : 'ok',
      `dashboard ${include.path ?? '(no path)'} ${problem ?? 'is in the archive, with its uid and panels'}`
    );
  }

  // readme, templatereadme, changelog, license
  for (const [check, file] of [
    ['readme', 'README.md'],
    ['changelog', 'CHANGELOG.md'],
    ['license', 'LICENSE'],
  ] as const) {
    const entry = `${root}/${file}`;
    if (!names.has(entry) || zip.read(entry).toString('utf8').trim() === '') {
      report(check, 'error', `${entry} is missing or empty`);
    } else {
      report(check, 'ok', `${entry} present`);
    }
  }
  if (
    names.has(`${root}/README.md`) &&
    /This template is a starting point|<!-- To help maximize the impact/.test(
      zip.read(`${root}/README.md`).toString('utf8')
    )
  ) {
    report('templatereadme', 'error', 'README.md still holds the create-plugin template text');
  }
  // The catalogue renders the README with its images relative to the plugin's folder: a missing one
  // is a broken picture on the plugin's page.
  if (names.has(`${root}/README.md`)) {
    const readme = zip.read(`${root}/README.md`).toString('utf8');
    for (const [, target] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/i.test(target) && !names.has(path.posix.join(root, target))) {
        report('readmeimages', 'error', `README.md shows ${target}, which is not in the archive`);
      }
    }
  }
  return findings;
}
