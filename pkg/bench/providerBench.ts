/**
 * What a dashboard costs at a provider (issue 19, item 7c): the 30-day dashboard sweep of
 * refreshBench.ts (every KPI, instant then range) by one engine with its default settings, first on
 * a cold engine, then again on the unchanged chain, through the provider proxy (provider/): 80 ms per
 * HTTP request, Alchemy's batch and eth_getLogs limits, its compute units charged against a stated
 * throughput budget (HTTP 429 past it), the world presented at mainnet density (a block every 12 s,
 * ~216,000 over the month) with other makers' fills on the same 1inch contract, OTHER_FILLS_TIMES_OURS
 * times ours. Time, JSON-RPC calls, compute units and 429s of each sweep.
 *
 * Alone, on a 31-day demo world of its own: `npx tsx pkg/bench/providerBench.ts` (`--days N` for a
 * shorter world while trying things).
 */
import { demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import { createEngine, type Engine } from '../engine/engine';
import type { BenchRow } from './demoWorld';
import { ALCHEMY_LIMITS } from './provider/alchemy';
import { presentedHead } from './provider/density';
import { startProviderProxy, type ProviderProxy, type ProviderStats } from './provider/providerProxy';
import { byMethod } from './refreshBench';
import { benchTable } from './table';

const DAY_MS = 86_400_000;
/** Other makers' fills on the 1inch contract per fill of ours. */
export const OTHER_FILLS_TIMES_OURS = 5;
/** The goal of issue 19: a refresh costs at most this share of the first load's compute units. */
const REFRESH_SHARE = 0.01;

interface ProviderSweep {
  ms: number;
  stats: ProviderStats;
  error?: string;
}

/** The sweep of refreshBench.ts: a 30-day window ending now, instant then range, as a dashboard's panels ask. */
async function sweep(engine: Engine, proxy: ProviderProxy): Promise<ProviderSweep> {
  const toMs = Date.now();
  const fromMs = toMs - 30 * DAY_MS;
  proxy.reset();
  const started = performance.now();
  let error: string | undefined;
  try {
    await engine.query({ fromMs, toMs, maxDataPoints: 1, intervalMs: 30 * DAY_MS, series: false });
    await engine.query({ fromMs, toMs, maxDataPoints: 200, intervalMs: (30 * DAY_MS) / 200 });
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  return { ms: performance.now() - started, stats: proxy.stats(), error };
}

export async function benchProvider(world: DemoWorld): Promise<BenchRow[]> {
  const { addresses } = world;
  const proxy = await startProviderProxy({
    target: world.rpcUrl,
    otherFills: {
      contract: addresses.limitOrderProtocol,
      makerToken: addresses.tokens.WETH,
      takerToken: addresses.tokens.USDC,
      timesOurs: OTHER_FILLS_TIMES_OURS,
    },
  });
  try {
    const settings = demoSettings(world);
    settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
    const engine = createEngine(settings);
    const first = await sweep(engine, proxy);
    const refresh = await sweep(engine, proxy);
    const blocks = presentedHead(proxy.chain.map) + 1;
    const fills = proxy.chain.fills;
    const shape =
      `${blocks.toLocaleString('en-US')} blocks at 12 s, one other maker's fill every ` +
      `${fills ? fills.every : '—'} blocks (${OTHER_FILLS_TIMES_OURS}× ours); 80 ms per request, ` +
      `${ALCHEMY_LIMITS.unitsPerSecond} CU/s (${ALCHEMY_LIMITS.windowSeconds} s bucket), batches ≤ ${ALCHEMY_LIMITS.maxBatch}`;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const value = (s: ProviderSweep) =>
      `${s.stats.computeUnits.toLocaleString('en-US')} CU, ${s.stats.entries.toLocaleString('en-US')} calls ` +
      `in ${s.stats.requests.toLocaleString('en-US')} requests, ${s.stats.throttled} × 429, ` +
      `${s.stats.logsRefused} eth_getLogs refused, ${seconds(s.ms)}${s.error ? `; FAILED: ${s.error}` : ''}`;
    const share = first.stats.computeUnits > 0 ? refresh.stats.computeUnits / first.stats.computeUnits : Infinity;
    return [
      {
        figure: `provider: first 30-day load (${shape})`,
        value: value(first),
        goal: '',
        met: first.error ? false : undefined,
      },
      {
        figure: `provider: the same sweep again, unchanged chain (${byMethod(refresh.stats.methods) || 'no call'})`,
        value: value(refresh),
        goal: '',
        met: refresh.error ? false : undefined,
      },
      {
        figure: "provider: the refresh's compute units, as a share of the first load's",
        value: `${(share * 100).toFixed(2)} %`,
        goal: `≤ ${REFRESH_SHARE * 100} %`,
        met: !first.error && !refresh.error && share <= REFRESH_SHARE,
      },
    ];
  } finally {
    await proxy.close();
  }
}

if (require.main === module) {
  void (async () => {
    const daysAt = process.argv.indexOf('--days');
    const days = daysAt > 0 ? Number(process.argv[daysAt + 1]) : undefined;
    process.stderr.write(`provider bench: a ${days ?? 31}-day demo world, then a first load and a refresh…\n`);
    const world = await startDemoWorld({ port: 0, endpointsPort: 0, days });
    try {
      process.stdout.write(`${benchTable(await benchProvider(world))}\n`);
    } finally {
      await world.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`provider bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
