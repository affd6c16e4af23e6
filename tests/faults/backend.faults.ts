/**
 * The backend process, as Grafana runs it (child process, gRPC over its unix socket), walked through
 * every fault the proxy plays: after each one the process is alive, serving, and has answered every
 * KPI. A second process with a short query deadline shows that no query outlives it: a hedge venue
 * that never answers (its own deadline is 30 s) gets the query an error saying so at the deadline.
 */
import { tableFromIPC } from 'apache-arrow';

import { spawnPlugin, type ChildPlugin } from '../../pkg/backend/testing/childPlugin';
import { connectPlugin, type PluginClient } from '../../pkg/backend/testing/pluginClient';
import { protoPluginContext, protoQuery } from '../../pkg/backend/testing/protoRequests';
import { SERVING_STATUS } from '../../pkg/backend/wire/protocol';
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import type { PmmSettings } from '../../src/core/settings/types';
import { processAlive } from '../support/process';
import { closedPort, startFaultProxy, type Fault, type FaultProxy } from './faultProxy';

jest.setTimeout(180_000);

const SHORT_DEADLINE_MS = 5_000;

let world: DemoWorld;
let child: ChildPlugin;
let client: PluginClient;
let hurried: ChildPlugin;
let hurriedClient: PluginClient;
let primary: FaultProxy;
let backup: FaultProxy;
let hedge: FaultProxy;
let whole: { fromMs: number; toMs: number };
let deadPort: number;

function settingsVia(): PmmSettings {
  const settings = demoSettings(world);
  settings.nodes = [
    { name: 'primary', url: primary.url, reference: true, batchSize: 50 },
    { name: 'backup', url: backup.url, batchSize: 50 },
  ];
  settings.venues.hedge = { name: 'demo perps venue', url: `${hedge.url}/hedge` };
  return settings;
}

const context = (settings: PmmSettings, uid: string) =>
  protoPluginContext(settings, { uid, name: 'PMM Monitor (faults)', withoutUser: true });
const query = (refId: string, json: Record<string, unknown>) => protoQuery(refId, json, whole);

/** Every KPI, instant: the answer's frames, decoded, and its error. */
async function everyKpi(via: PluginClient, uid: string) {
  const { responses } = await via.queryData({
    pluginContext: context(settingsVia(), uid),
    queries: [query('A', { mode: 'instant' })],
  });
  const { A } = responses;
  return { status: A.status, error: A.error, tables: A.frames.map((frame) => tableFromIPC(frame)) };
}

beforeAll(async () => {
  [world, child, hurried, deadPort] = await Promise.all([
    startDemoWorld({ days: 3 }),
    spawnPlugin(),
    spawnPlugin({ PMM_QUERY_TIMEOUT_MS: String(SHORT_DEADLINE_MS) }),
    closedPort(),
  ]);
  client = connectPlugin(child.socketPath);
  hurriedClient = connectPlugin(hurried.socketPath);
  [primary, backup, hedge] = await Promise.all([
    startFaultProxy(world.rpcUrl),
    startFaultProxy(world.rpcUrl),
    startFaultProxy(world.endpointsUrl),
  ]);
  const blocks = world.record.blocks;
  whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
}, 180_000);

afterAll(async () => {
  client?.close();
  hurriedClient?.close();
  child?.kill();
  hurried?.kill();
  await Promise.all([primary, backup, hedge].map((p) => p?.kill()));
  await world?.stop();
});

const FAULTS: Array<[string, Fault]> = [
  ['latency', { kind: 'latency', ms: 100 }],
  ['silence', { kind: 'hang' }],
  ['429 for an hour', { kind: 'status', status: 429, retryAfter: '3600' }],
  ['503', { kind: 'status', status: 503 }],
  ['malformed JSON', { kind: 'malformed' }],
  ['batches reversed', { kind: 'batch-reorder' }],
  ['batch entries missing', { kind: 'batch-drop', every: 4 }],
  ['5 blocks behind', { kind: 'behind', blocks: 5 }],
];

describe('the backend process under every fault of the primary node', () => {
  it.each(FAULTS)('%s: answers every KPI (frames, no query error), stays alive and serving', async (name, fault) => {
    primary.reset();
    primary.set(fault);
    // A fresh data source each time: its engine has not yet learned that the primary is bad.
    const answer = await everyKpi(client, `fault-${name}`);
    expect(primary.faulted).toBeGreaterThan(0);
    expect(answer.status).toBe(200);
    expect(answer.error).toBe('');
    expect(answer.tables.length).toBeGreaterThan(0);
    expect(processAlive(child.process.pid ?? -1)).toBe(true);
    await expect(client.health('plugin')).resolves.toEqual({ status: SERVING_STATUS.SERVING });
  });

  it('with the primary dead and the backup answering, still answers every KPI; with both dead, names them', async () => {
    await primary.kill();
    const failedOver = await everyKpi(client, 'primary-dead');
    expect(failedOver.error).toBe('');
    expect(failedOver.tables.length).toBeGreaterThan(0);

    const settings = settingsVia();
    settings.nodes = [
      { name: 'dead-one', url: `http://127.0.0.1:${deadPort}`, reference: true },
      { name: 'dead-two', url: `http://127.0.0.1:${deadPort}/v2` },
    ];
    const { responses } = await client.queryData({
      pluginContext: context(settings, 'all-dead'),
      queries: [query('N', { kpi: 'net_delta', mode: 'instant' }), query('U', { kpi: 'uptime', mode: 'instant' })],
    });
    expect(responses.N.error).toMatch(/dead-one|dead-two/);
    expect(responses.N.errorSource).toBe('downstream');
    expect(responses.U.error).toBe('');
    expect(responses.U.frames.length).toBeGreaterThan(0);
    expect(processAlive(child.process.pid ?? -1)).toBe(true);
    const metrics = await client.collectMetrics({});
    expect(metrics.metrics.prometheus.toString()).toMatch(/query_errors_total\{[^}]*source="(rpc|erc20)"/);
  });
});

describe('no query outlives its deadline', () => {
  it('answers at the deadline with an error saying so when a source never answers, and keeps serving', async () => {
    hedge.set({ kind: 'hang' });
    const { responses } = await hurriedClient.queryData({
      pluginContext: context(
        { ...settingsVia(), nodes: [{ name: 'anvil', url: world.rpcUrl, reference: true, batchSize: 50 }] },
        'hedge-silent'
      ),
      queries: [query('H', { kpi: 'hedged_inventory', mode: 'instant' })],
    });
    expect(responses.H.error).toContain(`did not finish within ${SHORT_DEADLINE_MS / 1000} s`);
    expect(hedge.faulted).toBeGreaterThan(0);
    hedge.reset();
    // The process is fine: the same data source answers once the venue does.
    const again = await hurriedClient.queryData({
      pluginContext: context(
        { ...settingsVia(), nodes: [{ name: 'anvil', url: world.rpcUrl, reference: true, batchSize: 50 }] },
        'hedge-back'
      ),
      queries: [query('U', { kpi: 'uptime', mode: 'instant' })],
    });
    expect(again.responses.U.error).toBe('');
    expect(processAlive(hurried.process.pid ?? -1)).toBe(true);
  });
});

afterAll(() => {
  // Neither process logged a crash on its way.
  for (const plugin of [child, hurried]) {
    expect(plugin?.stderr() ?? '').not.toMatch(/uncaught exception|unhandled rejection/);
  }
});
