// The fault suite's own jest config (`npm run test:faults` → tests/faults/run.ts): the node project of
// the main config, matching only *.faults.ts, which `npm test` (pkg/**/*.test.ts, tests/**/*.test.ts)
// never picks up. Each file starts its own demo world, so files run one at a time.
const path = require('path');

const main = require('../../jest.config.js');
const node = main.projects.find((project) => project.displayName === 'node');

module.exports = {
  ...node,
  displayName: 'faults',
  rootDir: path.resolve(__dirname, '../..'),
  // The load check (tests/load) runs here too: it wants the built executable and a minute, not npm test's time.
  testMatch: ['<rootDir>/tests/faults/**/*.faults.ts', '<rootDir>/tests/load/**/*.load.ts'],
  reporters: ['default'],
};
