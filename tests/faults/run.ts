/**
 * `npm run test:faults`: the fault suite (tests/faults/*.faults.ts, and the load check tests/load/*.load.ts)
 * under its own jest config, one
 * file at a time (each starts a demo world and, for the backend file, a plugin process). Arguments
 * are passed to jest, e.g. `npm run test:faults -- -t reorg`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const JEST = path.join(ROOT, 'node_modules', '.bin', 'jest');

const run = spawnSync(
  JEST,
  ['--config', path.join(__dirname, 'jest.config.js'), '--runInBand', '--ci', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' }
);
process.exit(run.status ?? 1);
