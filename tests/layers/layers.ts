/**
 * The layering of issue 17, read from the source: pkg/ is Node and Grafana-free, src/core/ is the
 * Grafana-free core. The same rules as eslint.config.mjs's `layers/no-restricted-imports`, but on
 * resolved paths (so `../x/../../src/panel` cannot slip by), dynamic imports and requires included, and
 * transitively: a file under pkg/ may not reach Grafana or React through any chain of project files.
 *
 * The graph is built from the files (graphOf) and checked by pure functions (layerViolations), so the
 * checks themselves are tested on small made-up graphs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of a file: a project file (relative to the root, '/'-separated) or a package's name. */
export type Import = { kind: 'file'; path: string; specifier: string } | { kind: 'package'; name: string };

/** Every file's imports, keyed by path relative to the repository root. */
export type ImportGraph = ReadonlyMap<string, readonly Import[]>;

const SOURCE = /\.(ts|tsx|mjs|cjs|js)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mjs', '.js', '.cjs', '.json', '/index.ts', '/index.tsx'];

// ── The rules ─────────────────────────────────────────────────────────────────────────────────────

const FRONTEND_DIRS = ['src/datasource', 'src/panel', 'src/app'];
const FOUNDATION_SDK = '@grafana/grafana-foundation-sdk';

const under = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);
const inFrontend = (file: string) => FRONTEND_DIRS.some((dir) => under(file, dir));
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** React, or a package of Grafana's that only a Grafana frontend may use. */
function frontendPackage(file: string, name: string): boolean {
  if (name === 'react' || name === 'react-dom') {
    return true;
  }
  if (!name.startsWith('@grafana/')) {
    return false;
  }
  // pkg/provisioning builds dashboards, contact points and policies with Grafana's foundation SDK (at
  // generation time, never in the backend or the bundle): its one allowed @grafana package.
  return !(name === FOUNDATION_SDK && under(file, 'pkg/provisioning'));
}

/** What a file may not import directly, or undefined when the import is fine. */
function directViolation(file: string, imported: Import): string | undefined {
  if (imported.kind === 'package') {
    if ((under(file, 'pkg') || under(file, 'src/core')) && frontendPackage(file, imported.name)) {
      return `imports ${imported.name}`;
    }
    return undefined;
  }
  if (under(file, 'pkg') && inFrontend(imported.path)) {
    return `imports the frontend: ${imported.path}`;
  }
  if (under(file, 'src/core')) {
    const inCore = under(imported.path, 'src/core') || imported.path === 'src/plugin.json';
    // A test of the core may read a fixture (not shipped); the fixture is checked like the core.
    const fixture = isTest(file) && under(imported.path, 'tests/fixtures');
    if (!inCore && !fixture) {
      return `imports outside src/core: ${imported.path}`;
    }
  }
  return undefined;
}

/**
 * Why a file reached from `start` is frontend to it: the file is in src/datasource, panel or app, or it
 * imports Grafana or React (the foundation SDK counts unless `start` is in pkg/provisioning: the engine
 * may not reach it through a provisioning file).
 */
function frontendReasons(start: string, file: string, imports: readonly Import[]): string[] {
  const packages = imports.flatMap((i) => (i.kind === 'package' && frontendPackage(start, i.name) ? [i.name] : []));
  return inFrontend(file) ? ['the frontend', ...packages] : packages;
}

/**
 * Every breach: the direct imports of pkg/ and src/core files, and from each of them every chain of
 * project files that ends in the frontend or in a file importing Grafana or React.
 */
export function layerViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, imports] of graph) {
    for (const imported of imports) {
      const violation = directViolation(file, imported);
      if (violation) {
        found.push(`${file} ${violation}`);
      }
    }
  }
  for (const start of graph.keys()) {
    if (!under(start, 'pkg') && !under(start, 'src/core')) {
      continue;
    }
    for (const chain of chainsToFrontend(graph, start)) {
      found.push(chain.join(' → '));
    }
  }
  return [...new Set(found)];
}

/** Breadth-first from `start` over project files: the shortest chain to each frontend file, and why it is. */
function chainsToFrontend(graph: ImportGraph, start: string): string[][] {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const chains: string[][] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const imports = graph.get(file) ?? [];
    const reasons = frontendReasons(start, file, imports);
    // Reached through an import (the start file's own imports are direct violations).
    if (file !== start && reasons.length > 0) {
      const chain = [file];
      for (let at = parent.get(file); at !== null && at !== undefined; at = parent.get(at)) {
        chain.unshift(at);
      }
      chains.push([...chain, `(${reasons.join(', ')})`]);
    }
    for (const imported of imports) {
      if (imported.kind === 'file' && !parent.has(imported.path)) {
        parent.set(imported.path, file);
        queue.push(imported.path);
      }
    }
  }
  return chains;
}

// ── The graph, from the files ─────────────────────────────────────────────────────────────────────

function sourcesUnder(root: string, dir: string): string[] {
  const absolute = path.join(root, dir);
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : sourcesUnder(root, relative);
    }
    return SOURCE.test(entry.name) ? [relative] : [];
  });
}

function resolveFile(root: string, base: string): string | undefined {
  // ESM-style './x.js' naming a TypeScript file.
  const stems = /\.m?js$/.test(base) ? [base, base.replace(/\.m?js$/, '')] : [base];
  for (const stem of stems) {
    for (const suffix of RESOLVE_SUFFIXES) {
      const candidate = stem + suffix;
      const absolute = path.join(root, candidate);
      if (existsSync(absolute) && statSync(absolute).isFile()) {
        return candidate.split(path.sep).join('/');
      }
    }
  }
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A specifier as a project file (relative, or under tsconfig's baseUrl "src") or a package. */
export function resolveImport(root: string, file: string, specifier: string): Import {
  if (specifier.startsWith('.')) {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    // A relative import that resolves to nothing is the compiler's business: record where it points.
    return { kind: 'file', path: resolveFile(root, base) ?? base, specifier };
  }
  // tsconfig's baseUrl is "src": 'panel/x' is src/panel/x when src/panel exists.
  if (existsSync(path.join(root, 'src', specifier.split('/')[0]))) {
    const base = path.posix.normalize(`src/${specifier}`);
    return { kind: 'file', path: resolveFile(root, base) ?? base, specifier };
  }
  return { kind: 'package', name: packageName(specifier) };
}

function importsOf(root: string, file: string): Import[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName }) => resolveImport(root, file, fileName));
}

/** The imports of every source file under `dirs`, and of every project file they reach. */
export function graphOf(root: string, dirs: readonly string[]): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  const queue = dirs.flatMap((dir) => sourcesUnder(root, dir));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (graph.has(file)) {
      continue;
    }
    const imports = SOURCE.test(file) && existsSync(path.join(root, file)) ? importsOf(root, file) : [];
    graph.set(file, imports);
    imports.forEach((i) => i.kind === 'file' && !graph.has(i.path) && queue.push(i.path));
  }
  return graph;
}
