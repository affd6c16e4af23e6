import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
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
