/**
 * Measures anvil's memory under the live demo: builds a world, then mines live blocks as fast as the
 * chain takes them (a manual clock at the live interval) and prints anvil's resident memory (VmRSS)
 * and its peak (VmHWM) from /proc every `every` blocks. Run: npx tsx pkg/demo/world/measureLive.ts
 * [days=31] [blocks=7200] [every=600] [intervalSec=12] [limitGiB=5] (stops early past the limit)
 */
import { readFileSync } from 'node:fs';

import { startDemoWorld } from '../demoWorld';
import { manualClock } from './live';

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
}

const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(3);

async function main() {
  const [days = 31, blocks = 7200, every = 600, intervalSec = 12, limitGiB = 5] = process.argv.slice(2).map(Number);
  const world = await startDemoWorld({ days, log: (line) => console.error(line) });
  const pid = world.anvil.pid;
  const base = memory(pid);
  console.log(
    `world of ${days} days built: ${world.record.blocks.length} blocks, anvil RSS ${gib(base.rss)} GiB, peak ${gib(base.hwm)} GiB`
  );
  const { startLive } = await import('./live');
  const { WorldMiner } = await import('./simulate');
  const miner = await WorldMiner.create((await import('../chain/clients')).demoClients(world.rpcUrl), world.addresses);
  const started = Date.now();
  const run = startLive(world.record, miner, {
    intervalSec,
    clock: manualClock(Date.now()),
    maxBlocks: blocks,
    onBlock: (index) => {
      const n = index - (world.record.plan.scenario.blocks - 1);
      if (n % every === 0) {
        const m = memory(pid);
        const s = ((Date.now() - started) / 1000).toFixed(0);
        console.log(
          `live ${n} (${((n * intervalSec) / 3600).toFixed(1)} h): RSS ${gib(m.rss)} GiB, peak ${gib(m.hwm)} GiB, ${s} s`
        );
        if (m.rss > limitGiB * 2 ** 30) {
          console.log(`over ${limitGiB} GiB: stopping`);
          void run.stop();
        }
      }
    },
  });
  const mined = await run.done;
  const end = memory(pid);
  const txs = world.record.txs.length;
  console.log(
    `done: ${mined} live blocks in ${((Date.now() - started) / 1000).toFixed(0)} s; RSS ${gib(end.rss)} GiB, peak ${gib(end.hwm)} GiB; ${txs} transactions recorded`
  );
  await world.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
