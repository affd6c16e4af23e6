/**
 * What a refresh costs (issue 19, item 7a): a 30-day dashboard's sweep (every KPI, instant then range,
 * as a dashboard's panels ask) by one engine, then the same sweep again on the unchanged chain, then
 * again after the live chain moved a minute (one live block of the simulated desk). JSON-RPC calls are
 * counted by a proxy in front of anvil; the window ends at the wall clock's now each time, so it moves
 * between sweeps as a dashboard's does.
 */
import { demoSettings } from '../demo/datasourceSettings';
import { manualClock } from '../demo/world/live';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import { createEngine } from '../engine/engine';
import { startTestProxy } from '../engine/sources/rpc/testProxy';
import type { BenchRow } from './demoWorld';
import { cachesHeld } from './cachesHeld';
import { benchTable } from './table';

const DAY_MS = 86_400_000;
/** The goal's allowance for a refresh on an unchanged chain (issue 19). */
const REFRESH_CALLS = 50;
/**
 * What one live block of the demo desk needs read at most, its header and its handful of
 * transactions' receipts and logs: the allowance on top of REFRESH_CALLS after one live minute.
 */
const NEW_BLOCK_CALLS = 20;
/** State blocks the sampled first load reads (the engine's default is 2,000). */
const SAMPLED_STATE_BLOCKS = 180;

interface Sweep {
  ms: number;
  calls: number;
  byMethod: string;
}

export function byMethod(methods: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const method of methods) {
    counts.set(method, (counts.get(method) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([method, n]) => `${n} ${method}`)
    .join(', ');
}

export async function benchRefresh(world: DemoWorld): Promise<BenchRow[]> {
  const proxy = await startTestProxy({ target: world.rpcUrl });
  try {
    const settings = demoSettings(world);
    settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
    const engine = createEngine(settings);
    // The same first load on the sampled path (item 7d): 180 state blocks of the window's ~1,440, the
    // share a 30-day mainnet window (216,000 blocks) read on the default 2,000 gets is far smaller still.
    const sampledEngine = createEngine(settings, {}, { options: { maxStateBlocks: SAMPLED_STATE_BLOCKS } });
    const sweepWith = (reader: typeof engine) => async (): Promise<Sweep> => {
      const toMs = Date.now();
      const fromMs = toMs - 30 * DAY_MS;
      proxy.reset();
      const started = performance.now();
      await reader.query({ fromMs, toMs, maxDataPoints: 1, intervalMs: 30 * DAY_MS, series: false });
      await reader.query({ fromMs, toMs, maxDataPoints: 200, intervalMs: (30 * DAY_MS) / 200 });
      return { ms: performance.now() - started, calls: proxy.methods.length, byMethod: byMethod(proxy.methods) };
    };
    const sweep = sweepWith(engine);
    const sampledFirst = await sweepWith(sampledEngine)();
    const first = await sweep();
    const unchanged = await sweep();
    // One live block a minute ago, stamped now: the chain moved as a live demo's does between refreshes.
    const live = world.goLive({ intervalSec: 60, maxBlocks: 1, clock: manualClock(Date.now() - 60_000) });
    await live.done;
    const moved = await sweep();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      {
        figure: `refresh: first 30-day dashboard sweep (every KPI, instant then range: ${first.byMethod})`,
        value: `${first.calls} calls, ${seconds(first.ms)}`,
        goal: '',
        met: undefined,
      },
      {
        figure: `refresh: the same first sweep on the sampled path (${SAMPLED_STATE_BLOCKS} state blocks; its own engine, nothing kept)`,
        value: `${sampledFirst.calls} calls, ${seconds(sampledFirst.ms)}`,
        goal: '',
        met: undefined,
      },
      {
        figure: `refresh: the same sweep again, unchanged chain (${unchanged.byMethod || 'no call'})`,
        value: `${unchanged.calls} calls, ${seconds(unchanged.ms)}`,
        goal: `≤ ${REFRESH_CALLS} calls and ≤ 1 s`,
        met: unchanged.calls <= REFRESH_CALLS && unchanged.ms <= 1000,
      },
      {
        figure: `refresh: again after one live minute, one new block (${moved.byMethod})`,
        value: `${moved.calls} calls, ${seconds(moved.ms)}`,
        goal: `≤ ${REFRESH_CALLS} + ${NEW_BLOCK_CALLS} for the new block`,
        met: moved.calls <= REFRESH_CALLS + NEW_BLOCK_CALLS,
      },
      {
        figure: 'refresh: what the caches hold after the three sweeps',
        value: cachesHeld(engine),
        goal: '',
        met: undefined,
      },
    ];
  } finally {
    await proxy.close();
  }
}

if (require.main === module) {
  void (async () => {
    process.stderr.write(
      'refresh bench: a demo world, then a first sweep, the same again, and again after a live block…\n'
    );
    const world = await startDemoWorld({ port: 0, endpointsPort: 0 });
    try {
      process.stdout.write(`${benchTable(await benchRefresh(world))}\n`);
    } finally {
      await world.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`refresh bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
