/**
 * The backend as Grafana runs it: a child process started with the magic cookie (`tsx
 * pkg/backend/main.ts`), a gRPC client on the unix socket its handshake names, the demo world behind
 * it. Frames are decoded with apache-arrow as Grafana's Go reader would see them, and their values are
 * held against the engine's own answer for the same range and, for uptime, against the demo ledger
 * (computed without the engine). Every answer and every stderr line is searched for the secrets.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { status as grpcStatus } from '@grpc/grpc-js';
import { tableFromIPC, type Table } from 'apache-arrow';

import { KPIS, findKpi } from '../../src/core/catalogue';
import type { PmmSettings } from '../../src/core/settings/types';
import { demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import { expectedKpis } from '../demo/ledger/expected';
import { createEngine, type EngineAnswer } from '../engine';
import { spawnPlugin, type ChildPlugin } from './testing/childPlugin';
import { connectPlugin, type PluginClient } from './testing/pluginClient';
import { HEALTH_STATUS, SERVING_STATUS, type ProtoDataQuery, type ProtoPluginContext } from './wire/protocol';

jest.setTimeout(60_000);

const SECRETS = {
  'nodeKey:backup-node': 'nodekey-Zq81f0a9d3b7c6e5f4a3b2c1',
  hedgeKey: 'hedgekey-Kx72e1b8a6c5d4e3f2a1b0',
  coingeckoKey: 'cgkey-Wm63d2c7b5a4f3e2d1c0b9',
  duneKey: 'dunekey-Pv54c3d6a4b3e2f1d0c9a8',
};

/** Every byte the backend sent us, searched for secrets at the end. */
const received: string[] = [];

function decode(bytes: Buffer): Table {
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
  return tableFromIPC(bytes);
}

function metaOf(table: Table): {
  type: string;
  typeVersion: number[];
  notices?: Array<{ severity: string; text: string }>;
} {
  return JSON.parse(table.schema.metadata.get('meta') ?? '{}');
}

function numberField(table: Table) {
  const field = table.schema.fields.find((f) => f.name !== 'time')!;
  return {
    field,
    labels: JSON.parse(field.metadata.get('labels') ?? '{}') as Record<string, string>,
    config: JSON.parse(field.metadata.get('config') ?? '{}') as Record<string, unknown>,
    values: Array.from({ length: table.numRows }, (_, i) => table.getChild(field.name)!.get(i) as number | null),
  };
}

/** A port nothing listens on: a node there is dead. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the backend plugin process', () => {
  let world: DemoWorld;
  let settings: PmmSettings;
  let child: ChildPlugin;
  let client: PluginClient;
  let deadPort: number;
  let whole: { fromMs: number; toMs: number };
  let engineAnswer: EngineAnswer;

  const context = (
    jsonData: PmmSettings,
    { uid = 'demo', user = true, lastUpdatedMS = 1 }: { uid?: string; user?: boolean; lastUpdatedMS?: number } = {}
  ): ProtoPluginContext =>
    ({
      orgId: 1,
      pluginId: 'halo-pmm-datasource',
      user: user ? { login: 'admin', name: 'Admin', email: 'admin@example.com', role: 'Admin' } : null,
      dataSourceInstanceSettings: {
        id: 1,
        uid,
        name: 'PMM Monitor (demo)',
        jsonData: Buffer.from(JSON.stringify(jsonData)),
        decryptedSecureJsonData: SECRETS,
        lastUpdatedMS,
      },
    }) as unknown as ProtoPluginContext;

  const query = (refId: string, json: unknown, range = whole): ProtoDataQuery =>
    ({
      refId,
      maxDataPoints: 50,
      intervalMS: 60_000,
      timeRange: { fromEpochMS: range.fromMs, toEpochMS: range.toMs },
      json: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)),
      queryType: '',
    }) as ProtoDataQuery;

  const queryData = async (pluginContext: ProtoPluginContext, queries: ProtoDataQuery[]) => {
    const response = await client.queryData({ pluginContext, queries });
    for (const answer of Object.values(response.responses)) {
      received.push(answer.error, ...answer.frames.map((frame) => frame.toString('latin1')));
    }
    return response.responses;
  };

  /** The demo's settings plus a second node that is dead and has a key in its URL. */
  const withDeadNode = (): PmmSettings => ({
    ...settings,
    nodes: [...settings.nodes, { name: 'backup-node', url: `http://127.0.0.1:${deadPort}/v2/{key}` }],
  });

  beforeAll(async () => {
    [world, child, deadPort] = await Promise.all([startDemoWorld({ days: 3 }), spawnPlugin(), closedPort()]);
    settings = demoSettings(world);
    client = connectPlugin(child.socketPath);
    const blocks = world.record.blocks;
    whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
    engineAnswer = await createEngine(settings).query({ ...whole, maxDataPoints: 50, intervalMs: 60_000 });
  }, 90_000);

  afterAll(async () => {
    client?.close();
    child?.kill();
    await world?.stop();
  });

  it('prints one handshake line naming a unix socket in a fresh temporary folder', () => {
    expect(child.handshake).toMatch(/^1\|2\|unix\|\/.+\/plugin\.sock\|grpc$/);
    expect(child.socketPath.startsWith(tmpdir())).toBe(true);
    expect(existsSync(child.socketPath)).toBe(true);
  });

  it('answers the health service SERVING for "plugin", and UNIMPLEMENTED for services it does not serve', async () => {
    await expect(client.health('plugin')).resolves.toEqual({ status: SERVING_STATUS.SERVING });
    await expect(client.unserved('plugin.GRPCStdio', 'StreamStdio')).rejects.toMatchObject({
      code: grpcStatus.UNIMPLEMENTED,
    });
  });

  it('passes CheckHealth against the demo world, one line per source', async () => {
    const answer = await client.checkHealth({ pluginContext: context(settings) });
    received.push(answer.message, answer.jsonDetails.toString());
    expect(answer.status).toBe(HEALTH_STATUS.OK);
    const details = JSON.parse(answer.jsonDetails.toString()) as {
      sources: Array<{ source: string; status: string; message: string }>;
    };
    const failed = details.sources.filter((line) => line.status === 'failed');
    expect(failed).toEqual([]);
    const sources = new Set(details.sources.map((line) => line.source));
    for (const source of [
      'rpc',
      'chainlink',
      'aave-v3',
      'compound-v3',
      '1inch',
      'quote-log',
      'hedge-venue',
      'rfq-probe',
      'coingecko',
      'dune',
    ]) {
      expect(sources).toContain(source);
    }
    // One line per feed, each with its price.
    expect(details.sources.filter((line) => line.source === 'chainlink' && line.status === 'ok')).toHaveLength(
      settings.assets.length
    );
  });

  it('fails CheckHealth with a dead node, naming the node and showing no URL', async () => {
    const answer = await client.checkHealth({ pluginContext: context(withDeadNode(), { uid: 'dead' }) });
    received.push(answer.message, answer.jsonDetails.toString());
    expect(answer.status).toBe(HEALTH_STATUS.ERROR);
    expect(answer.message).toContain('backup-node');
    expect(answer.message).toMatch(/1 of \d+ required sources failed/);
    for (const text of [answer.message, answer.jsonDetails.toString()]) {
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toContain(String(deadPort));
    }
  });

  it('answers an instant query with one numeric frame per KPI value, equal to the engine and the ledger', async () => {
    const { A } = await queryData(context(settings), [query('A', { refId: 'A', mode: 'instant' })]);
    expect(A.status).toBe(200);
    expect(A.error).toBe('');
    const tables = A.frames.map(decode);
    const byKpi = new Map<string, Table[]>();
    for (const table of tables) {
      expect(table.schema.metadata.get('refId')).toBe('A');
      expect(metaOf(table)).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(table.numRows).toBe(1);
      expect(table.schema.fields).toHaveLength(1);
      const { labels } = numberField(table);
      byKpi.set(labels.kpi, [...(byKpi.get(labels.kpi) ?? []), table]);
    }
    expect([...byKpi.keys()]).toEqual(KPIS.map((k) => k.id));

    for (const outcome of engineAnswer.outcomes) {
      const kpi = outcome.kpi;
      const frames = byKpi.get(kpi.id)!;
      for (const table of frames) {
        const { field, labels, config, values } = numberField(table);
        expect(field.name).toBe(kpi.id);
        expect(String(field.type)).toBe('Float64');
        expect(labels).toMatchObject({ kpi: kpi.id, area: kpi.area });
        expect(config.unit).toBe(kpi.unit);
        expect(field.nullable).toBe(values[0] === null);
        if (kpi.measuredAtQueryTime) {
          continue;
        }
        // An entry beside the value (quote response time's RFQ probe) is labelled `entry`.
        const key = kpi.breakdown ? labels[kpi.breakdown] : labels.entry;
        const want = key === undefined ? outcome.result?.value : outcome.result?.breakdown?.[key];
        expect(values[0]).toBe(want ?? null);
      }
    }
    // Per-asset KPIs come as one frame per asset, labelled with it.
    expect(byKpi.get('inventory_level')!.map((t) => numberField(t).labels.asset)).toEqual(
      settings.assets.map((a) => a.symbol)
    );
    // An independent value: the demo ledger's uptime, computed without the engine.
    const uptime = numberField(byKpi.get('uptime')![0]).values[0]!;
    const ledger = expectedKpis(world.record, whole).uptime;
    expect('value' in ledger && ledger.value).toBeCloseTo(uptime, 9);
  });

  it('answers range queries with time series: ns timestamps at the engine points, values equal to its series', async () => {
    const { U, N } = await queryData(context(settings), [
      query('U', { refId: 'U', kpi: 'uptime' }),
      query('N', { refId: 'N', kpi: 'net_delta', asset: 'WETH', mode: 'range' }),
    ]);
    const [uptime] = U.frames.map(decode);
    expect(U.frames).toHaveLength(1);
    expect(metaOf(uptime)).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
    const time = uptime.schema.fields[0];
    expect(time.name).toBe('time');
    expect(String(time.type)).toBe('Timestamp<NANOSECOND>');
    expect(time.nullable).toBe(false);
    expect((time.type as { timezone?: string | null }).timezone ?? null).toBeNull();
    const ns = Array.from(uptime.getChild('time')!.data[0].values as BigInt64Array);
    expect(ns).toEqual(engineAnswer.points.map((ms) => BigInt(ms) * 1_000_000n));
    const series = engineAnswer.series.get('uptime')!;
    expect(numberField(uptime).values).toEqual(series.map((p) => p.result?.value ?? null));
    expect(numberField(uptime).config).toMatchObject({ displayName: findKpi('uptime')!.name, unit: 'percent' });

    expect(N.frames).toHaveLength(1);
    const delta = decode(N.frames[0]);
    expect(numberField(delta).labels).toEqual({ kpi: 'net_delta', area: 'position', asset: 'WETH' });
    expect(numberField(delta).values).toEqual(
      engineAnswer.series.get('net_delta')!.map((p) => p.result?.breakdown?.WETH ?? null)
    );
  });

  it('gives node health and network latency no point for a past range (with a notice why), one for a range ending now', async () => {
    const now = { fromMs: whole.fromMs, toMs: Date.now() };
    // An hour before the world's end (which is about when it was built) is past, whatever the machine's speed.
    const past = { fromMs: whole.fromMs, toMs: whole.toMs - 3_600_000 };
    const { P, L } = await queryData(context(settings), [
      query('P', { kpi: 'node_health' }, past),
      query('L', { kpi: 'network_latency_ms' }, now),
    ]);
    const [health] = P.frames.map(decode);
    expect(P.frames).toHaveLength(1);
    expect(health.numRows).toBe(0);
    expect(metaOf(health).notices?.map((n) => n.text)).toEqual([
      expect.stringContaining('Node health score: measured at query time; no history'),
    ]);
    const latency = L.frames.map(decode);
    expect(latency.map((t) => numberField(t).labels.node).sort()).toEqual(
      ['coingecko', 'dune', 'hedge-venue', 'quote-log', 'rfq-probe', 'rpc:demo-anvil'].sort()
    );
    for (const table of latency) {
      expect(table.numRows).toBe(1);
      expect(Array.from(table.getChild('time')!.data[0].values as BigInt64Array)).toEqual([
        BigInt(now.toMs) * 1_000_000n,
      ]);
    }
  });

  it("answers a dune query with the saved query's latest result as one typed table", async () => {
    const { D } = await queryData(context(settings), [query('D', { queryType: 'dune' })]);
    expect(D.error).toBe('');
    expect(D.frames).toHaveLength(1);
    const table = decode(D.frames[0]);
    expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['day', 'Timestamp<NANOSECOND>'],
      ['pair', 'Utf8'],
      ['fills', 'Float64'],
      ['volume_usd', 'Float64'],
    ]);
    // The demo's saved query: the settled quotes of the record, per day and pair.
    const settledCount = world.record.rfqs.filter((r) => r.settled === 'success' && r.price !== undefined).length;
    const fills = Array.from({ length: table.numRows }, (_, i) => table.getChild('fills')!.get(i) as number);
    expect(fills.reduce((a, b) => a + b, 0)).toBe(settledCount);
  });

  it('gives a bad query its own error while another query of the same request succeeds', async () => {
    const responses = await queryData(context(settings), [
      query('bad', '{"kpi": "uptime"'),
      query('unknown', { kpi: 'not_a_kpi' }),
      query('good', { kpi: 'quote_acceptance', mode: 'instant' }),
    ]);
    // A query the user must fix: 400 Bad Request, which Grafana's SDK counts as downstream (errors.ts).
    expect(responses.bad).toMatchObject({ status: 400, errorSource: 'downstream', frames: [] });
    expect(responses.bad.error).toContain('not JSON');
    expect(responses.unknown).toMatchObject({ status: 400, errorSource: 'downstream', frames: [] });
    expect(responses.unknown.error).toContain('not_a_kpi');
    expect(responses.good).toMatchObject({ status: 200, error: '' });
    const want = engineAnswer.outcomes.find((o) => o.kpi.id === 'quote_acceptance')!.result!.value;
    expect(numberField(decode(responses.good.frames[0])).values).toEqual([want]);
  });

  it('answers a request without a user (alerting) as it answers one with a user', async () => {
    const q = query('A', { kpi: 'inventory_level', mode: 'instant' });
    const [withUser, withoutUser] = await Promise.all([
      queryData(context(settings), [q]),
      queryData(context(settings, { user: false }), [q]),
    ]);
    const values = (frames: Buffer[]) => frames.map((f) => numberField(decode(f)).values);
    expect(withoutUser.A.error).toBe('');
    expect(values(withoutUser.A.frames)).toEqual(values(withUser.A.frames));
    expect(withoutUser.A.frames.length).toBe(settings.assets.length);
  });

  it('reports a dead source as a downstream error naming it, with neither its URL nor its key', async () => {
    const deadOnly: PmmSettings = {
      ...settings,
      nodes: [{ name: 'backup-node', url: `http://127.0.0.1:${deadPort}/v2/{key}` }],
    };
    const { one, all } = await queryData(context(deadOnly, { uid: 'dead-only' }), [
      query('one', { kpi: 'net_delta', mode: 'instant' }),
      query('all', { mode: 'instant', area: 'uptime' }),
    ]);
    expect(one).toMatchObject({ status: 502, errorSource: 'downstream', frames: [] });
    expect(one.error).toContain('backup-node');
    for (const text of [one.error, all.error]) {
      expect(text).not.toMatch(/https?:\/\//);
    }
  });

  it('serves metrics, the catalogue and address checks', async () => {
    const metrics = (await client.collectMetrics()).metrics.prometheus.toString();
    received.push(metrics);
    expect(metrics).toMatch(/^pmm_monitor_queries_total\{mode="instant"\} \d+$/m);
    expect(metrics).toMatch(/^pmm_monitor_query_errors_total\{source="query",error_source="downstream"\} \d+$/m);
    expect(metrics).toMatch(/^pmm_monitor_block_cache_hits_total\{datasource="demo"\} \d+$/m);
    expect(metrics).toMatch(/^pmm_monitor_http_requests_total\{target="rpc"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^pmm_monitor_query_duration_seconds_count\{mode="range"\} [1-9]\d*$/m);

    const call = async (path: string, method = 'GET', body: unknown = undefined) => {
      const [answer] = await client.callResource({
        pluginContext: context(settings),
        path,
        method,
        body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
      });
      received.push(answer.body.toString());
      return { code: answer.code, body: JSON.parse(answer.body.toString()) as Record<string, unknown> };
    };
    const catalogue = await call('catalogue');
    expect(catalogue.code).toBe(200);
    expect((catalogue.body.kpis as unknown[]).length).toBe(KPIS.length);
    expect((await call('assets')).body.assets).toEqual(settings.assets);
    expect((await call('nowhere')).code).toBe(404);
    expect(await call('validate-address', 'POST', { address: '0x12' })).toMatchObject({ code: 400 });
    expect(await call('validate-address', 'POST', { address: settings.venues.aave!.pool })).toMatchObject({
      code: 200,
      body: { valid: true, contract: true },
    });
    const feed = await call('validate-feed', 'POST', { address: settings.assets[0].feed });
    expect(feed).toMatchObject({ code: 200, body: { valid: true, description: 'ETH / USD' } });
    expect(await call('validate-feed', 'POST', { address: settings.assets[0].address })).toMatchObject({ code: 400 });
  });

  it('stops a QueryData the client cancels, logs no error, lives on and answers the next query', async () => {
    const rpcRequests = async () => {
      const text = (await client.collectMetrics()).metrics.prometheus.toString();
      return Number(/pmm_monitor_http_requests_total\{target="rpc"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    // A data source of its own: nothing this process read before is in its engine's caches.
    const fresh = context(settings, { uid: 'fresh' });
    const before = await rpcRequests();
    const errorsBefore = child
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"@level":"error"')).length;
    const call = client.queryDataCancellable({ pluginContext: fresh, queries: [query('C', { mode: 'instant' })] });
    // Cancelled once the query reads the chain, as Grafana cancels a panel's query when its range changes.
    for (let i = 0; i < 500 && (await rpcRequests()) === before; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await rpcRequests()).toBeGreaterThan(before);
    call.cancel();
    await expect(call.answer).rejects.toMatchObject({ code: grpcStatus.CANCELLED });

    // Alive, and the same data source answers the same query with the engine's values.
    await expect(client.health('plugin')).resolves.toEqual({ status: SERVING_STATUS.SERVING });
    const { C } = await queryData(fresh, [query('C', { kpi: 'uptime', mode: 'instant' })]);
    expect(C.status).toBe(200);
    expect(C.error).toBe('');
    const uptime = engineAnswer.outcomes.find((o) => o.kpi.id === 'uptime')?.result?.value;
    expect(numberField(decode(C.frames[0])).values[0]).toBe(uptime);
    // The cancellation is no failure: no error line, no query error counted.
    const errorsAfter = child
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"@level":"error"')).length;
    expect(errorsAfter).toBe(errorsBefore);
    const metrics = (await client.collectMetrics()).metrics.prometheus.toString();
    expect(metrics).not.toMatch(/query_errors_total\{[^}]*\bsource="cancelled"/);
  });

  it('logs hclog JSON lines on stderr and never a secret anywhere', () => {
    const lines = child.stderr().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, string>;
      expect(entry['@level']).toMatch(/^(trace|debug|info|warn|error)$/);
      expect(typeof entry['@message']).toBe('string');
      expect(entry['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    const everything = [...received, child.stderr()].join('\n');
    for (const secret of Object.values(SECRETS)) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(encodeURIComponent(secret));
    }
  });

  it('exits quickly on Shutdown, removes its socket and wrote nothing but the handshake to stdout', async () => {
    const started = Date.now();
    await client.shutdown();
    const { code } = await child.exited();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(existsSync(child.socketPath)).toBe(false);
    expect(existsSync(path.dirname(child.socketPath))).toBe(false);
    expect(child.stdout()).toBe(`${child.handshake}\n`);
  });
});

describe('starting the backend', () => {
  it('refuses to run without the magic cookie, saying why on stderr', async () => {
    const root = path.resolve(__dirname, '../..');
    const env = { ...process.env };
    delete env.grafana_plugin_type;
    const run = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'pkg/backend/main.ts')], { env });
    let out = '';
    let err = '';
    run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('Grafana starts it');
  });

  it('exits promptly on SIGTERM and removes its socket, in the folder PLUGIN_UNIX_SOCKET_DIR names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pmm-socket-dir-'));
    try {
      const plugin = await spawnPlugin({ PLUGIN_UNIX_SOCKET_DIR: dir });
      expect(path.dirname(path.dirname(plugin.socketPath))).toBe(dir);
      const started = Date.now();
      plugin.process.kill('SIGTERM');
      const { code } = await plugin.exited();
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(existsSync(plugin.socketPath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
