/**
 * The engine over misbehaving HTTP sources: one fault proxy in front of each of the demo's quote log,
 * hedge venue and CoinGecko stand-in. A source that fails must fail only the KPIs that read it, with
 * an error naming that source, while every other KPI keeps the ledger's value; a source that recovers
 * within its retries must give the ledger's values.
 */
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { revision2, type ExpectedKpis, type TimeRange } from '../../pkg/demo/ledger/expected';
import { createEngine, type EngineAnswer } from '../../pkg/engine';
import type { PmmSettings } from '../../src/core/settings/types';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { close, ledgerKpis, mismatches } from './support/ledger';

jest.setTimeout(120_000);

let world: DemoWorld;
let whole: TimeRange;
let expected: ExpectedKpis;
let quoteLog: FaultProxy;
let hedge: FaultProxy;
let coingecko: FaultProxy;

/** The demo's settings with each HTTP source behind its own proxy (same paths, other origin). */
function settingsThroughProxies(): PmmSettings {
  const settings = demoSettings(world);
  const via = (url: string | undefined, proxy: FaultProxy) => url?.replace(world.endpointsUrl, proxy.url);
  settings.endpoints.quoteLogUrl = via(settings.endpoints.quoteLogUrl, quoteLog);
  settings.endpoints.coingeckoUrl = via(settings.endpoints.coingeckoUrl, coingecko);
  if (settings.venues.hedge) {
    settings.venues.hedge = { ...settings.venues.hedge, url: via(settings.venues.hedge.url, hedge) ?? '' };
  }
  // USDT without a feed is priced from CoinGecko, so CoinGecko is read by every KPI that values holdings.
  settings.assets = settings.assets.map((a) => (a.symbol === 'USDT' ? { ...a, feed: undefined } : a));
  return settings;
}

function query(kpis: string[]): Promise<EngineAnswer> {
  return createEngine(settingsThroughProxies()).query({
    ...whole,
    maxDataPoints: 20,
    intervalMs: 60_000,
    series: false,
    kpis,
  });
}

/** KPIs that failed, with their error's source, and KPIs that kept the ledger's value. */
function split(answer: EngineAnswer) {
  const failed = new Map(answer.outcomes.flatMap((o) => (o.error ? [[o.kpi.id, o.error] as const] : [])));
  const kept = answer.outcomes.filter((o) => {
    const want = (expected as Record<string, ExpectedKpis[keyof ExpectedKpis]>)[o.kpi.id];
    return o.result !== undefined && want !== undefined && 'value' in want && close(o.result.value, want.value);
  });
  return { failed, kept: kept.map((o) => o.kpi.id) };
}

beforeAll(async () => {
  world = await startDemoWorld({ days: 3 });
  const blocks = world.record.blocks;
  whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
  expected = revision2.expectedKpisRevision2(world.record, whole);
  [quoteLog, hedge, coingecko] = await Promise.all([
    startFaultProxy(world.endpointsUrl),
    startFaultProxy(world.endpointsUrl),
    startFaultProxy(world.endpointsUrl),
  ]);
}, 120_000);

beforeEach(() => [quoteLog, hedge, coingecko].forEach((p) => p.reset()));

afterAll(async () => {
  await Promise.all([quoteLog, hedge, coingecko].map((p) => p?.kill()));
  await world?.stop();
});

it('gives every KPI the ledger’s value through the proxies, with added latency', async () => {
  for (const proxy of [quoteLog, hedge, coingecko]) {
    proxy.set({ kind: 'latency', ms: 100 });
  }
  const answer = await query(ledgerKpis(expected));
  expect(mismatches(answer, expected)).toEqual([]);
  expect(quoteLog.faulted + hedge.faulted + coingecko.faulted).toBeGreaterThan(0);
});

it('with the quote log answering 503, its KPIs name it and the holdings KPIs keep their values', async () => {
  quoteLog.set({ kind: 'status', status: 503 });
  const { failed, kept } = split(await query(['uptime', 'quote_response_ms', 'net_delta', 'onchain_inventory']));
  expect([...failed.keys()].sort()).toEqual(['quote_response_ms', 'uptime']);
  for (const error of failed.values()) {
    expect(error.source).toBe('quote-log');
    expect(error.message).toContain('503');
  }
  expect(kept.sort()).toEqual(['net_delta', 'onchain_inventory']);
});

it('with the quote log answering malformed JSON, its KPIs say so and the others keep their values', async () => {
  quoteLog.set({ kind: 'malformed' });
  const { failed, kept } = split(await query(['uptime', 'onchain_inventory']));
  expect(failed.get('uptime')?.source).toBe('quote-log');
  expect(failed.get('uptime')?.message).toMatch(/malformed JSON/);
  expect(kept).toEqual(['onchain_inventory']);
});

it('waits out a 429 Retry-After of the quote log and then gives the ledger’s values', async () => {
  quoteLog.set({ kind: 'status', status: 429, retryAfter: '1' }, { times: 1 });
  const answer = await query(['uptime', 'quote_response_ms', 'quote_acceptance']);
  expect(quoteLog.faulted).toBe(1);
  expect(mismatches(answer, expected)).toEqual([]);
});

it('with the hedge venue silent, its KPIs name it (within the source’s deadline) and the quote log KPIs keep their values', async () => {
  hedge.set({ kind: 'hang' });
  const { failed, kept } = split(await query(['hedged_inventory', 'uptime', 'quote_response_ms']));
  expect([...failed.keys()]).toEqual(['hedged_inventory']);
  expect(failed.get('hedged_inventory')?.source).toBe('hedge-venue');
  expect(kept.sort()).toEqual(['quote_response_ms', 'uptime']);
});

it('with CoinGecko answering 500, the KPIs valuing USDT (priced only there) name it and the quote log KPIs keep their values', async () => {
  coingecko.set({ kind: 'status', status: 500 });
  const { failed, kept } = split(await query(['onchain_inventory', 'uptime']));
  expect(failed.get('onchain_inventory')?.source).toBe('coingecko');
  expect(kept).toEqual(['uptime']);
});

it('with the hedge venue dead (closed port), its KPIs name it and the others keep their values', async () => {
  const dead = await startFaultProxy(world.endpointsUrl);
  await dead.kill();
  const settings = settingsThroughProxies();
  settings.venues.hedge = { name: 'dead venue', url: `${dead.url}/hedge` };
  const answer = await createEngine(settings).query({
    ...whole,
    maxDataPoints: 20,
    intervalMs: 60_000,
    series: false,
    kpis: ['hedged_inventory', 'uptime'],
  });
  const { failed, kept } = split(answer);
  expect(failed.get('hedged_inventory')?.source).toBe('hedge-venue');
  expect(kept).toEqual(['uptime']);
});
