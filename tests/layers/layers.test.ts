/**
 * The layering of issue 17 in `npm test` (eslint.config.mjs enforces the direct part in lint): nothing
 * under pkg/ reaches the frontend, Grafana's packages (pkg/provisioning's foundation SDK excepted) or
 * React, directly or through any chain of project files; src/core imports nothing outside itself but
 * src/plugin.json, and neither Grafana nor React.
 */
import path from 'node:path';

import { graphOf, layerViolations, resolveImport, type Import, type ImportGraph } from './layers';

const ROOT = path.resolve(__dirname, '../..');

const file = (p: string): Import => ({ kind: 'file', path: p, specifier: p });
const pkg = (name: string): Import => ({ kind: 'package', name });
const graph = (entries: Record<string, Import[]>): ImportGraph => new Map(Object.entries(entries));

describe('the checks, on made-up graphs', () => {
  it('passes a graph that keeps the layers', () => {
    const clean = graph({
      'pkg/backend/a.ts': [file('src/core/catalogue/index.ts'), pkg('viem'), pkg('node:fs')],
      'pkg/provisioning/d.ts': [pkg('@grafana/grafana-foundation-sdk'), file('pkg/provisioning/ids.ts')],
      'pkg/provisioning/ids.ts': [file('src/core/catalogue/index.ts')],
      'src/core/catalogue/index.ts': [file('src/core/errors.ts'), file('src/plugin.json')],
      'src/core/catalogue/plans.test.ts': [file('tests/fixtures/plan-coverage.ts')],
      'tests/fixtures/plan-coverage.ts': [file('src/core/catalogue/types.ts')],
    });
    expect(layerViolations(clean)).toEqual([]);
  });

  it('names each direct import that breaks a layer', () => {
    const broken = graph({
      'pkg/backend/a.ts': [file('src/datasource/types.ts'), pkg('@grafana/data'), pkg('react')],
      'pkg/engine/b.ts': [pkg('@grafana/grafana-foundation-sdk')],
      'pkg/provisioning/c.ts': [pkg('@grafana/ui')],
      'src/core/d.ts': [file('src/panel/x.ts'), file('pkg/engine/e.ts'), pkg('@grafana/schema')],
      'src/core/e.ts': [file('tests/fixtures/plan-coverage.ts')],
    });
    expect(layerViolations(broken).filter((v) => !v.includes('→'))).toEqual([
      'pkg/backend/a.ts imports the frontend: src/datasource/types.ts',
      'pkg/backend/a.ts imports @grafana/data',
      'pkg/backend/a.ts imports react',
      'pkg/engine/b.ts imports @grafana/grafana-foundation-sdk',
      'pkg/provisioning/c.ts imports @grafana/ui',
      'src/core/d.ts imports outside src/core: src/panel/x.ts',
      'src/core/d.ts imports outside src/core: pkg/engine/e.ts',
      'src/core/d.ts imports @grafana/schema',
      // Only a test of the core may read a fixture.
      'src/core/e.ts imports outside src/core: tests/fixtures/plan-coverage.ts',
    ]);
  });

  it('follows chains of project files to Grafana, React or the frontend', () => {
    const chained = graph({
      'pkg/backend/a.ts': [file('tests/support/b.ts')],
      'tests/support/b.ts': [file('tests/support/c.tsx')],
      'tests/support/c.tsx': [pkg('@grafana/ui'), pkg('react')],
      'pkg/engine/d.ts': [file('pkg/provisioning/ids.ts')],
      // The SDK is allowed to provisioning only: not to the engine through a provisioning file.
      'pkg/provisioning/ids.ts': [pkg('@grafana/grafana-foundation-sdk')],
      'pkg/provisioning/files.ts': [file('pkg/provisioning/ids.ts')],
      'pkg/cli/e.ts': [file('src/panel/module.ts')],
    });
    expect(layerViolations(chained)).toEqual([
      'pkg/cli/e.ts imports the frontend: src/panel/module.ts',
      'pkg/backend/a.ts → tests/support/b.ts → tests/support/c.tsx → (@grafana/ui, react)',
      'pkg/engine/d.ts → pkg/provisioning/ids.ts → (@grafana/grafana-foundation-sdk)',
      'pkg/cli/e.ts → src/panel/module.ts → (the frontend)',
    ]);
  });
});

describe('imports as the compiler resolves them', () => {
  it('resolves relative paths, baseUrl paths and packages', () => {
    expect(resolveImport(ROOT, 'pkg/backend/handlers/frames.ts', '../../../src/core/catalogue')).toMatchObject({
      kind: 'file',
      path: 'src/core/catalogue/index.ts',
    });
    expect(resolveImport(ROOT, 'pkg/x/y.ts', '../../src/core/../panel/module')).toMatchObject({
      kind: 'file',
      path: 'src/panel/module.ts',
    });
    expect(resolveImport(ROOT, 'pkg/x/y.ts', 'datasource/types')).toMatchObject({
      kind: 'file',
      path: 'src/datasource/types.ts',
    });
    expect(resolveImport(ROOT, 'pkg/x/y.ts', '@grafana/grafana-foundation-sdk/dashboard')).toEqual(
      pkg('@grafana/grafana-foundation-sdk')
    );
    expect(resolveImport(ROOT, 'pkg/x/y.ts', 'react-dom/client')).toEqual(pkg('react-dom'));
  });
});

describe('the repository', () => {
  const repository = graphOf(ROOT, ['pkg', 'src/core']);

  it('reads every source file of pkg/ and src/core and what they import', () => {
    // Guards against a walk that finds nothing, and so passes anything.
    const files = [...repository.keys()];
    expect(files.filter((f) => f.startsWith('pkg/')).length).toBeGreaterThan(200);
    expect(files).toEqual(expect.arrayContaining(['src/core/catalogue/kpis.ts', 'pkg/backend/handlers/frames.ts']));
    expect(repository.get('pkg/backend/handlers/frames.ts')).toContainEqual(
      expect.objectContaining({ kind: 'file', path: 'src/core/catalogue/index.ts' })
    );
    expect(repository.get('pkg/provisioning/dashboards/area.ts')).toContainEqual(
      pkg('@grafana/grafana-foundation-sdk')
    );
  });

  it('keeps the layers', () => {
    expect(layerViolations(repository)).toEqual([]);
  });
});
