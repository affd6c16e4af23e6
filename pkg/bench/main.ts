/** `npm run bench`: one table of every figure the issues ask for. Speed goals live here, not in tests. */
import { benchAlerts } from './alertBench';
import { benchBackend } from './backendBench';
import { benchDemoWorld, type BenchRow } from './demoWorld';
import { benchEngine } from './engineBench';
import { benchLoad } from './loadBench';
import { benchProvider } from './providerBench';
import { benchRefresh } from './refreshBench';
import { benchTable } from './table';

async function main() {
  const rows: BenchRow[] = [];
  process.stderr.write(
    'bench: demo world (two full builds), then the engine against a naive run, the backend executable, 100 concurrent queries on it, one cycle of every alert rule, a first load and a refresh at a provider (about half an hour at its 500 CU/s), and a dashboard refresh (about fifty minutes in all)…\n'
  );
  const engineRows: BenchRow[] = [];
  rows.push(
    ...(await benchDemoWorld(async (world) => {
      engineRows.push(...(await benchEngine(world)));
      engineRows.push(...(await benchBackend(world)));
      engineRows.push(...(await benchLoad(world)));
      engineRows.push(...(await benchAlerts(world)));
      engineRows.push(...(await benchProvider(world)));
      // Last: it mines a live block on the world.
      engineRows.push(...(await benchRefresh(world)));
    }))
  );
  rows.push(...engineRows);
  process.stdout.write(`${benchTable(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
