/**
 * Engine figures for `npm run bench`: "all KPIs, whole history, 200 points" on the demo world, by the
 * engine and by a naive implementation (naiveClient.ts) in the same run, each counted through a
 * proxy in front of anvil (HTTP requests, JSON-RPC calls) and a counting fetch for the endpoints.
 */
import { demoSettings } from '../demo/datasourceSettings';
import type { DemoWorld } from '../demo/demoWorld';
import { createEngine, type CreateEngineOptions, type EngineAnswer } from '../engine/engine';
import { startTestProxy } from '../engine/sources/rpc/testProxy';
import type { BenchRow } from './demoWorld';
import { naiveClient, noCache } from './naiveClient';

interface Run {
  ms: number;
  httpRequests: number;
  rpcCalls: number;
  peakRssBytes: number;
  answer: EngineAnswer;
}

async function measure(
  world: DemoWorld,
  options: (proxyUrl: string) => CreateEngineOptions,
  queries = 1
): Promise<Run> {
  const proxy = await startTestProxy({ target: world.rpcUrl });
  let endpointRequests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    endpointRequests++;
    return fetch(input, init);
  };
  const settings = demoSettings(world);
  settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const engine = createEngine(settings, {}, { ...options(proxy.url), http: { fetch: countingFetch } });
    const blocks = world.record.blocks;
    const range = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
    proxy.reset();
    const started = performance.now();
    let answer: EngineAnswer | undefined;
    for (let i = 0; i < queries; i++) {
      answer = await engine.query({ ...range, maxDataPoints: 200, intervalMs: 1_000 });
    }
    const ms = performance.now() - started;
    return {
      ms,
      httpRequests: proxy.requests + endpointRequests,
      rpcCalls: proxy.methods.length,
      peakRssBytes: Math.max(peak, process.memoryUsage().rss),
      answer: answer as EngineAnswer,
    };
  } finally {
    clearInterval(sampler);
    await proxy.close();
  }
}

/** KPIs whose values differ between the two runs (latency KPIs are live and left out), with both sides. */
function disagreements(a: EngineAnswer, b: EngineAnswer): string[] {
  return a.outcomes.flatMap((o, i) => {
    if (o.kpi.measuredAtQueryTime) {
      return [];
    }
    const other = b.outcomes[i];
    const x = o.result?.value;
    const y = other.result?.value;
    const same =
      x === y || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)));
    const show = (outcome: typeof o) => outcome.error?.message ?? String(outcome.result?.value);
    return same ? [] : [`${o.kpi.id} (engine ${show(o)}; naive ${show(other)})`];
  });
}

export async function benchEngine(world: DemoWorld): Promise<BenchRow[]> {
  const blocks = world.record.blocks.length;
  const engine = await measure(world, () => ({}));
  const naive = await measure(world, (url) => ({ client: naiveClient(url), cache: noCache() }));
  const differ = disagreements(engine.answer, naive.answer);
  if (differ.length > 0) {
    throw new Error(
      `the naive run disagrees with the engine on ${differ.join(', ')}: the comparison would be meaningless`
    );
  }
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const what = `all KPIs, whole history (${blocks} blocks), 200 points`;
  const requestRatio = naive.httpRequests / engine.httpRequests;
  const timeRatio = naive.ms / engine.ms;
  return [
    { figure: `engine: ${what}, wall time`, value: `${(engine.ms / 1000).toFixed(2)} s`, goal: '', met: undefined },
    {
      figure: 'engine: HTTP requests (JSON-RPC + endpoints)',
      value: String(engine.httpRequests),
      goal: '',
      met: undefined,
    },
    { figure: 'engine: JSON-RPC calls', value: String(engine.rpcCalls), goal: '', met: undefined },
    { figure: 'engine: peak RSS of the bench process', value: mib(engine.peakRssBytes), goal: '', met: undefined },
    {
      figure: `naive (one eth_call per value, no batch, no cache): wall time`,
      value: `${(naive.ms / 1000).toFixed(2)} s`,
      goal: '',
      met: undefined,
    },
    { figure: 'naive: HTTP requests', value: String(naive.httpRequests), goal: '', met: undefined },
    { figure: 'naive: JSON-RPC calls', value: String(naive.rpcCalls), goal: '', met: undefined },
    { figure: 'naive: peak RSS of the bench process', value: mib(naive.peakRssBytes), goal: '', met: undefined },
    {
      figure: 'naive ÷ engine, HTTP requests',
      value: `${requestRatio.toFixed(1)}×`,
      goal: '≥ 20×',
      met: requestRatio >= 20,
    },
    { figure: 'naive ÷ engine, wall time', value: `${timeRatio.toFixed(1)}×`, goal: '≥ 5×', met: timeRatio >= 5 },
  ];
}
