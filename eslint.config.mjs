import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import baseConfig from './.config/eslint.config.mjs';

// ── Layers (issue 17): pkg/ is Node and Grafana-free, src/core/ is the Grafana-free core ─────────────
// ESLint's own no-restricted-imports, registered a second time as `layers/no-restricted-imports`: a later
// block that sets a rule replaces its options for the files both match, so under its own name this rule
// neither clobbers nor is clobbered by other no-restricted-imports blocks (e.g. the engine's inner files).
// tests/layers/layers.test.ts checks the same layering on resolved paths, dynamic imports and requires
// included, and transitively.
const layersPlugin = { rules: { 'no-restricted-imports': builtinRules.get('no-restricted-imports') } };

const GRAFANA_OR_REACT = [
  {
    regex: '^@grafana/',
    caseSensitive: true,
    message: 'Grafana-free layer: @grafana/* belongs to the frontend (src/datasource, src/panel, src/app).',
  },
  {
    regex: '^react(-dom)?(/|$)',
    caseSensitive: true,
    message: 'Grafana-free layer: React belongs to the frontend (src/datasource, src/panel, src/app).',
  },
];

const FRONTEND = {
  // Relative (../../src/panel/…) or through tsconfig's baseUrl "src" (panel/…).
  regex: '(^|/)src/(datasource|panel|app)(/|$)|^(datasource|panel|app)(/|$)',
  caseSensitive: true,
  message: 'pkg/ must not import the frontend (src/datasource, src/panel, src/app): shared code lives in src/core.',
};

/**
 * From a file `depth` folders below src/core, an import that climbs out of src/core: more than `depth`
 * leading "../". src/plugin.json is the one file outside it the core reads (its id makes the plan URLs);
 * tests may also read tests/fixtures (a fixture, not shipped; the layers test checks it stays in core).
 */
function outsideCore(depth, allowTestFixtures) {
  const allowed = allowTestFixtures ? 'plugin\\.json$|\\.\\./tests/fixtures/' : 'plugin\\.json$';
  return {
    regex: `^(\\.\\./){${depth + 1}}(?!${allowed})|^(datasource|panel|app)(/|$)`,
    caseSensitive: true,
    message: 'src/core must not import outside src/core (src/plugin.json excepted): it is the Grafana-free core.',
  };
}

const restrict = (patterns) => ({
  plugins: { layers: layersPlugin },
  rules: { 'layers/no-restricted-imports': ['error', { patterns }] },
});

const SOURCES = '*.{ts,tsx,js,mjs,cjs}';
// src/core is two levels deep today; tests/layers checks any depth.
const CORE_DEPTHS = [0, 1, 2, 3, 4];

const layers = [
  { files: [`pkg/**/${SOURCES}`], ...restrict([FRONTEND, ...GRAFANA_OR_REACT]) },
  {
    // The one exception in pkg/: provisioning builds dashboards, contact points and policies with Grafana's
    // @grafana/grafana-foundation-sdk builders (a devDependency at generation time, never in the backend or
    // the bundle). Nothing else under pkg/ imports from @grafana.
    files: [`pkg/provisioning/**/${SOURCES}`],
    ...restrict([
      FRONTEND,
      { ...GRAFANA_OR_REACT[0], regex: '^@grafana/(?!grafana-foundation-sdk(/|$))' },
      GRAFANA_OR_REACT[1],
    ]),
  },
  ...CORE_DEPTHS.flatMap((depth) => {
    const files = `src/core/${'*/'.repeat(depth)}`;
    return [
      { files: [`${files}${SOURCES}`], ...restrict([outsideCore(depth, false), ...GRAFANA_OR_REACT]) },
      { files: [`${files}*.test.{ts,tsx}`], ...restrict([outsideCore(depth, true), ...GRAFANA_OR_REACT]) },
    ];
  }),
];

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '.cache/',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  // The layers' rule has a name of its own (above), so where its blocks sit does not matter.
  ...layers,
  {
    // The backend, CLI and tests are TypeScript too: lint them like the frontend.
    files: ['pkg/**/*.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.json',
      },
    },
  },
  {
    // The engine's surface is pkg/engine/index.ts: outside it, import the engine, not its inner files
    // (the bench measures inner parts, so it may).
    files: ['pkg/**/*.{ts,tsx}', 'tests/**/*.{ts,tsx}', 'src/**/*.{ts,tsx}'],
    ignores: ['pkg/engine/**', 'pkg/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)engine/.+',
              message: "Import the engine from its index ('pkg/engine'), not an inner file.",
            },
          ],
        },
      ],
    },
  },
  {
    // The demo's ledger recomputes every KPI independently of the engine: it must not import it at all.
    files: ['pkg/demo/ledger/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine(/|$)', message: 'The ledger computes without the engine: never import it.' },
          ],
        },
      ],
    },
  },
]);
