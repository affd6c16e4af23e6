/**
 * Demo-world figures for `npm run bench`: building the default world with an empty compile cache (as
 * on a clean clone), a second start with the cache warm, and anvil's peak memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';

export interface BenchRow {
  figure: string;
  value: string;
  goal: string;
  met: boolean | undefined;
}

async function timedStart(
  whileRunning?: (world: DemoWorld) => Promise<void>
): Promise<{ ms: number; rssBytes: number; blocks: number }> {
  const started = Date.now();
  const world = await startDemoWorld({});
  const ms = Date.now() - started;
  const blocks = world.record.blocks.length;
  try {
    await whileRunning?.(world);
  } finally {
    await world.stop();
  }
  return { ms, rssBytes: world.anvil.peakRssBytes(), blocks };
}

/** Builds the default world twice (cold, then warm); `whileRunning` gets the warm one before it stops. */
export async function benchDemoWorld(whileRunning?: (world: DemoWorld) => Promise<void>): Promise<BenchRow[]> {
  const cache = mkdtempSync(path.join(tmpdir(), 'pmm-bench-cache-'));
  const previous = process.env.PMM_CACHE_DIR;
  process.env.PMM_CACHE_DIR = cache;
  try {
    const cold = await timedStart();
    const warm = await timedStart(whileRunning);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const peak = Math.max(cold.rssBytes, warm.rssBytes);
    return [
      {
        figure: `demo world, first build (${cold.blocks} blocks, empty compile cache)`,
        value: seconds(cold.ms),
        goal: '≤ 180 s',
        met: cold.ms <= 180_000,
      },
      {
        figure: 'demo world, second start (compiled contracts cached)',
        value: seconds(warm.ms),
        goal: '≤ 15 s',
        met: warm.ms <= 15_000,
      },
      {
        figure: 'anvil peak RSS',
        value: `${(peak / 2 ** 20).toFixed(0)} MiB`,
        goal: '≤ 2,048 MiB',
        met: peak <= 2 * 2 ** 30,
      },
    ];
  } finally {
    process.env.PMM_CACHE_DIR = previous;
    if (previous === undefined) {
      delete process.env.PMM_CACHE_DIR;
    }
    rmSync(cache, { recursive: true, force: true });
  }
}
