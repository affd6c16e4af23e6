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
 * shorter world while trying things, `--budget CU_PER_SECOND` for another throughput).
 */
import { demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import { createEngine, type Engine, type EngineAnswer } from '../engine/engine';
import { cachesHeld } from './cachesHeld';
import type { BenchRow } from './demoWorld';
import { ALCHEMY_LIMITS } from './provider/alchemy';
import { presentedHead } from './provider/density';
import { startProviderProxy, type ProviderProxy, type ProviderStats } from './provider/providerProxy';
import { byMethod } from './refreshBench';
import { benchTable } from './table';

const DAY_MS = 86_400_000;
/** Other makers' fills on the 1inch contract per fill of ours. */
export const OTHER_FILLS_TIMES_OURS = 5;
/**
 * The throughput budget the bench runs with: Alchemy's free tier, the one figure its throughput page
 * states (alchemy.ts). A first load pays its compute units at this rate whatever the engine does.
 */
export const BENCH_UNITS_PER_SECOND = ALCHEMY_LIMITS.unitsPerSecond;
/** The goal of issue 19: a refresh costs at most this share of the first load's compute units. */
const REFRESH_SHARE = 0.01;

interface ProviderSweep {
  ms: number;
  stats: ProviderStats;
  /** What failed: the query, or KPIs and series points (the first error, and how many). */
  error?: string;
}

/** KPIs and series points that failed, and the first failure's words. */
function failuresOf(answers: readonly EngineAnswer[]): string | undefined {
  const errors = answers.flatMap((answer) => [
    ...answer.outcomes.flatMap((outcome) => (outcome.error ? [outcome.error.message] : [])),
    ...[...answer.series.values()].flat().flatMap((point) => (point.error ? [point.error.message] : [])),
  ]);
  return errors.length === 0 ? undefined : `${errors.length} KPI values failed, the first: ${errors[0]}`;
}

/** The sweep of refreshBench.ts: a 30-day window ending now, instant then range, as a dashboard's panels ask. */
async function sweep(engine: Engine, proxy: ProviderProxy): Promise<ProviderSweep> {
  const toMs = Date.now();
  const fromMs = toMs - 30 * DAY_MS;
  proxy.reset();
  const started = performance.now();
  let error: string | undefined;
  try {
    const instant = await engine.query({ fromMs, toMs, maxDataPoints: 1, intervalMs: 30 * DAY_MS, series: false });
    const range = await engine.query({ fromMs, toMs, maxDataPoints: 200, intervalMs: (30 * DAY_MS) / 200 });
    error = failuresOf([instant, range]);
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  return { ms: performance.now() - started, stats: proxy.stats(), error };
}

/** The demo world presented as a month of mainnet at a provider (other makers' fills included). */
export function mainnetShapedProxy(
  world: DemoWorld,
  unitsPerSecond: number,
  latencyMs?: number
): Promise<ProviderProxy> {
  const { addresses } = world;
  return startProviderProxy({
    target: world.rpcUrl,
    limits: { ...ALCHEMY_LIMITS, unitsPerSecond },
    latencyMs,
    otherFills: {
      contract: addresses.limitOrderProtocol,
      makerToken: addresses.tokens.WETH,
      takerToken: addresses.tokens.USDC,
      timesOurs: OTHER_FILLS_TIMES_OURS,
    },
  });
}

export async function benchProvider(world: DemoWorld, unitsPerSecond = BENCH_UNITS_PER_SECOND): Promise<BenchRow[]> {
  const proxy = await mainnetShapedProxy(world, unitsPerSecond);
  try {
    const settings = demoSettings(world);
    settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
    const engine = createEngine(settings);
    const first = await sweep(engine, proxy);
    const refresh = await sweep(engine, proxy);
    const blocks = presentedHead(proxy.chain.map) + 1;
    const count = (n: number) => n.toLocaleString('en-US');
    const shape =
      `${count(blocks)} blocks at 12 s; ${count(proxy.fills.others)} other makers' fills on the 1inch contract ` +
      `to our ${count(proxy.fills.ours)}; 80 ms per request, ${count(unitsPerSecond)} CU/s ` +
      `(${ALCHEMY_LIMITS.windowSeconds} s bucket), batches ≤ ${count(ALCHEMY_LIMITS.maxBatch)}`;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const value = (s: ProviderSweep) =>
      `${s.stats.computeUnits.toLocaleString('en-US')} CU, ${s.stats.entries.toLocaleString('en-US')} calls ` +
      `in ${s.stats.requests.toLocaleString('en-US')} requests, ${s.stats.throttled} × 429, ` +
      `${s.stats.logsRefused} eth_getLogs refused, ${s.stats.otherMakersLogs} logs of other makers, ` +
      `${seconds(s.ms)}${s.error ? `; FAILED: ${s.error}` : ''}`;
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
      {
        figure: 'provider: what the caches hold after the two sweeps',
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
    const option = (name: string) => {
      const at = process.argv.indexOf(name);
      return at > 0 ? Number(process.argv[at + 1]) : undefined;
    };
    const days = option('--days');
    process.stderr.write(`provider bench: a ${days ?? 31}-day demo world, then a first load and a refresh…\n`);
    const world = await startDemoWorld({ port: 0, endpointsPort: 0, days });
    try {
      process.stdout.write(`${benchTable(await benchProvider(world, option('--budget')))}\n`);
    } finally {
      await world.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`provider bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
