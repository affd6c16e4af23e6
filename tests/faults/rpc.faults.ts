/**
 * The engine over misbehaving JSON-RPC nodes: a fault proxy in front of the demo world's anvil plays
 * each failure on the first node while a second, healthy proxy counts what fails over to it. Every
 * answer is held against the demo ledger (computed without the engine): under a fault the engine must
 * give the same values, not merely some values. A dead or lagging node must show in node health.
 */
import { createEngine, createRpcClient, rpcNodes, type Engine, type EngineAnswer } from '../../pkg/engine';
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { revision2, type ExpectedKpis, type TimeRange } from '../../pkg/demo/ledger/expected';
import type { NodeSettings } from '../../src/core/settings/types';
import { closedPort, startFaultProxy, type Fault, type FaultProxy } from './faultProxy';
import { ledgerKpis, mismatches } from './support/ledger';

jest.setTimeout(120_000);

/** Short, so a silent node costs the suite seconds, not minutes; the default is tested in backend.faults.ts. */
const RPC_TIMEOUT_MS = 1_500;

let world: DemoWorld;
let whole: TimeRange;
let expected: ExpectedKpis;
let kpis: string[];
let faulty: FaultProxy;
let healthy: FaultProxy;
const proxies: FaultProxy[] = [];

async function proxy(): Promise<FaultProxy> {
  const started = await startFaultProxy(world.rpcUrl);
  proxies.push(started);
  return started;
}

function engineOver(nodes: NodeSettings[]): Engine {
  const settings = { ...demoSettings(world), nodes };
  return createEngine(
    settings,
    {},
    { client: createRpcClient({ nodes: rpcNodes(settings, {}), timeoutMs: RPC_TIMEOUT_MS }) }
  );
}

/** The first node faulty, the second healthy: the order failover must follow. */
function failoverEngine(): Engine {
  return engineOver([
    { name: 'first', url: faulty.url, reference: true, batchSize: 50 },
    { name: 'second', url: healthy.url, batchSize: 50 },
  ]);
}

function queryAll(engine: Engine, ids = kpis): Promise<EngineAnswer> {
  return engine.query({ ...whole, maxDataPoints: 20, intervalMs: 60_000, series: false, kpis: ids });
}

beforeAll(async () => {
  world = await startDemoWorld({ days: 3 });
  const blocks = world.record.blocks;
  whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
  expected = revision2.expectedKpisRevision2(world.record, whole);
  kpis = ledgerKpis(expected);
  [faulty, healthy] = await Promise.all([proxy(), proxy()]);
}, 120_000);

beforeEach(() => {
  faulty.reset();
  healthy.reset();
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.kill()));
  await world?.stop();
});

describe('failover to the next node within the same query', () => {
  const failing: Array<[string, Fault]> = [
    ['never answers', { kind: 'hang' }],
    ['answers 503', { kind: 'status', status: 503 }],
    ['answers 500', { kind: 'status', status: 500 }],
    ['answers 429 asking for an hour', { kind: 'status', status: 429, retryAfter: '3600' }],
    ['answers malformed JSON', { kind: 'malformed' }],
  ];
  it.each(failing)('when the first node %s, every KPI still equals the ledger', async (_, fault) => {
    faulty.set(fault);
    const answer = await queryAll(failoverEngine());
    expect(mismatches(answer, expected)).toEqual([]);
    expect(faulty.faulted).toBeGreaterThan(0);
    expect(healthy.requests).toBeGreaterThan(0);
  });

  it('when the first node is dead (a closed port), every KPI still equals the ledger', async () => {
    const engine = engineOver([
      { name: 'dead', url: `http://127.0.0.1:${await closedPort()}`, reference: true, batchSize: 50 },
      { name: 'second', url: healthy.url, batchSize: 50 },
    ]);
    expect(mismatches(await queryAll(engine), expected)).toEqual([]);
    expect(healthy.requests).toBeGreaterThan(0);
  });

  it('when the first node dies between two queries, the second query fails over', async () => {
    const node = await proxy();
    const engine = engineOver([
      { name: 'dying', url: node.url, reference: true, batchSize: 50 },
      { name: 'second', url: healthy.url, batchSize: 50 },
    ]);
    expect(mismatches(await queryAll(engine, ['net_delta', 'onchain_inventory']), expected)).toEqual([]);
    const before = healthy.requests;
    await node.kill();
    expect(mismatches(await queryAll(engine), expected)).toEqual([]);
    expect(healthy.requests).toBeGreaterThan(before);
  });
});

describe('a node that recovers is used again, on its own', () => {
  it('waits as a 429 Retry-After asks and then reads from the same node', async () => {
    faulty.set({ kind: 'status', status: 429, retryAfter: '1' }, { times: 1 });
    const engine = engineOver([{ name: 'only', url: faulty.url, reference: true, batchSize: 50 }]);
    expect(mismatches(await queryAll(engine), expected)).toEqual([]);
    expect(faulty.faulted).toBe(1);
  });

  it('retries a single 502 on the same node', async () => {
    faulty.set({ kind: 'status', status: 502 }, { times: 1 });
    const engine = engineOver([{ name: 'only', url: faulty.url, reference: true, batchSize: 50 }]);
    expect(mismatches(await queryAll(engine), expected)).toEqual([]);
    expect(faulty.faulted).toBe(1);
  });

  it('answers correctly through added latency', async () => {
    faulty.set({ kind: 'latency', ms: 150 });
    const answer = await queryAll(failoverEngine());
    expect(mismatches(answer, expected)).toEqual([]);
    // A slow node is not a failed one: nothing went to the second.
    expect(healthy.requests).toBe(0);
  });
});

describe('JSON-RPC batches answered wrongly, on a single node', () => {
  it('matches answers given in reverse order to their requests', async () => {
    faulty.set({ kind: 'batch-reorder' });
    const answer = await queryAll(engineOver([{ name: 'only', url: faulty.url, reference: true, batchSize: 50 }]));
    expect(faulty.faulted).toBeGreaterThan(0);
    expect(mismatches(answer, expected)).toEqual([]);
  });

  it('asks again for entries a batch answer left out, instead of shifting the others', async () => {
    faulty.set({ kind: 'batch-drop', every: 3 });
    const answer = await queryAll(engineOver([{ name: 'only', url: faulty.url, reference: true, batchSize: 50 }]));
    expect(faulty.faulted).toBeGreaterThan(0);
    expect(mismatches(answer, expected)).toEqual([]);
  });
});

describe('sources down', () => {
  it('with every node dead, chain KPIs name the nodes while the quote log KPIs keep their values', async () => {
    const engine = engineOver([
      { name: 'dead-a', url: `http://127.0.0.1:${await closedPort()}`, reference: true },
      { name: 'dead-b', url: `http://127.0.0.1:${await closedPort()}` },
    ]);
    const answer = await queryAll(engine, ['uptime', 'quote_response_ms', 'net_delta', 'onchain_inventory']);
    const byId = new Map(answer.outcomes.map((o) => [o.kpi.id, o]));
    for (const id of ['uptime', 'quote_response_ms'] as const) {
      expect(byId.get(id)?.result?.value).toBeCloseTo((expected[id] as { value: number }).value, 6);
    }
    for (const id of ['net_delta', 'onchain_inventory'] as const) {
      const error = byId.get(id)?.error;
      expect(error?.source).toMatch(/^(rpc|erc20)/);
      expect(error?.message).toMatch(/dead-a|dead-b/);
      expect(byId.get(id)?.result).toBeUndefined();
    }
  });

  it('node health shows a node 5 blocks behind, and a dead one at zero', async () => {
    faulty.set({ kind: 'behind', blocks: 5 });
    const engine = engineOver([
      { name: 'reference', url: healthy.url, reference: true, batchSize: 50 },
      { name: 'lagging', url: faulty.url, batchSize: 50 },
      { name: 'dead', url: `http://127.0.0.1:${await closedPort()}` },
    ]);
    // Measured at query time: only a range that ends now has a value (revision 2).
    const [health] = (
      await engine.query({
        ...whole,
        toMs: Date.now(),
        maxDataPoints: 20,
        intervalMs: 60_000,
        series: false,
        kpis: ['node_health'],
      })
    ).outcomes;
    const breakdown = health.result?.breakdown ?? {};
    // 70 % for sync, falling from one block behind to zero at ten: 5 behind keeps 70 × 5/9; up to 30 % for speed.
    expect(breakdown.lagging).toBeGreaterThanOrEqual((70 * 5) / 9 - 1e-9);
    expect(breakdown.lagging).toBeLessThanOrEqual((70 * 5) / 9 + 30 + 1e-9);
    expect(breakdown.reference).toBeGreaterThanOrEqual(70);
    expect(breakdown.dead).toBe(0);
  });
});
