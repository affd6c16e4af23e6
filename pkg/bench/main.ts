/** `npm run bench`: one table of every figure the issues ask for. Speed goals live here, not in tests. */
import { benchBackend } from './backendBench';
import { benchDemoWorld, type BenchRow } from './demoWorld';
import { benchEngine } from './engineBench';
import { benchLoad } from './loadBench';
import { benchRefresh } from './refreshBench';

function table(rows: BenchRow[]): string {
  const header = ['figure', 'value', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.figure,
    row.value,
    row.goal,
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols: string[]) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main() {
  const rows: BenchRow[] = [];
  process.stderr.write(
    'bench: demo world (two full builds), then the engine against a naive run, the backend executable and 100 concurrent queries on it (about seven minutes)…\n'
  );
  const engineRows: BenchRow[] = [];
  rows.push(
    ...(await benchDemoWorld(async (world) => {
      engineRows.push(...(await benchEngine(world)));
      engineRows.push(...(await benchBackend(world)));
      engineRows.push(...(await benchLoad(world)));
      // Last: it mines a live block on the world.
      engineRows.push(...(await benchRefresh(world)));
    }))
  );
  rows.push(...engineRows);
  process.stdout.write(`${table(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
