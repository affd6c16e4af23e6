/**
 * Bundles each scene for the browser with esbuild: the scene, the harness's mount() and the real
 * @grafana/ui, @grafana/data and React 18, one page per scene (`<scene>.html`). Fixtures load first as
 * a plain script so every page reads the same backend answer.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { build } from 'esbuild';

export interface BundledScene {
  name: string;
  page: string;
}

const MOUNT = path.join(__dirname, 'mount.tsx');

function entryOf(scenePath: string): string {
  return [
    `import Scene from ${JSON.stringify(scenePath)};`,
    `import { mount } from ${JSON.stringify(MOUNT)};`,
    'mount(Scene);',
  ].join('\n');
}

function pageOf(name: string, withCss: boolean): string {
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>${name}</title>
    <link rel="icon" href="data:," />
    ${withCss ? `<link rel="stylesheet" href="${name}.css" />` : ''}
    <script>
      window.__grafana_public_path__ = '/public/';
      // What Grafana's index page sets before any plugin code runs; @grafana/runtime's config reads it.
      window.grafanaBootData = {
        settings: { appUrl: window.location.origin + '/', featureToggles: {} },
        user: {},
        assets: {},
        navTree: [],
      };
    </script>
    <script src="fixtures.js"></script>
  </head>
  <body>
    <div id="root"></div>
    <script src="${name}.js"></script>
  </body>
</html>
`;
}

/** Every page loads `fixtures.js` before its bundle. */
export function writeFixtures(fixturesJson: string, outDir: string): void {
  writeFileSync(path.join(outDir, 'fixtures.js'), `window.__FIXTURES__ = ${fixturesJson};\n`);
}

/**
 * Bundles every scene into `outDir`, one `<scene>.html` each, in one esbuild build: @grafana/ui and
 * friends are parsed once for all scenes instead of once per scene.
 */
export async function bundleScenes(
  scenes: ReadonlyArray<{ name: string; file: string }>,
  outDir: string
): Promise<BundledScene[]> {
  const entryPoints: Record<string, string> = {};
  for (const { name, file } of scenes) {
    const entry = path.join(outDir, `${name}.entry.tsx`);
    writeFileSync(entry, entryOf(file));
    entryPoints[name] = entry;
  }
  await build({
    entryPoints,
    bundle: true,
    outdir: outDir,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    sourcemap: false,
    logLevel: 'silent',
    // Production React and a minified bundle: a third of the size to parse, on small CI machines.
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: {
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.woff': 'dataurl',
      '.woff2': 'dataurl',
      '.ttf': 'dataurl',
      '.eot': 'dataurl',
    },
  });
  return scenes.map(({ name }) => {
    const page = `${name}.html`;
    writeFileSync(path.join(outDir, page), pageOf(name, existsSync(path.join(outDir, `${name}.css`))));
    return { name, page };
  });
}
