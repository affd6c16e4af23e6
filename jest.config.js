// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const scaffolded = require('./.config/jest.config');

// @grafana/ui 12.4 pulls d3-color as .mjs, which the scaffolded transform (t|j)sx? skips.
const swc = scaffolded.transform['^.+\\.(t|j)sx?$'];
// In jsdom, `yaml` resolves to its browser build, ES modules only (the config page writes alert rules).
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const base = {
  ...scaffolded,
  transform: { ...scaffolded.transform, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'yaml'])],
};

// Two projects: the frontend (and the TypeScript it shares with the backend) runs in jsdom as
// create-plugin sets it up; everything under pkg/ and tests/ runs on plain Node, as it ships.
module.exports = {
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    { ...base, displayName: 'frontend', rootDir: __dirname },
    {
      ...base,
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: ['<rootDir>/pkg/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
    },
  ],
};
