/**
 * No secret leaves the backend. A data source configured with distinctive secret values — every
 * secure field, a node key appended to a node's URL, and a key pasted straight into a node URL — is
 * driven through everything the backend says: every KPI's frames (instant and range), query errors,
 * the health check, every resource (answers and errors), the metrics, and every log line on stderr at
 * debug level. Two of the nodes are dead, so errors about them (which quote their URLs) are produced.
 * None of it may contain any secret, raw, URL-encoded or base64-encoded.
 */
import { spawnPlugin, type ChildPlugin } from '../../pkg/backend/testing/childPlugin';
import { connectPlugin, type PluginClient } from '../../pkg/backend/testing/pluginClient';
import { protoPluginContext, protoQuery } from '../../pkg/backend/testing/protoRequests';
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import type { PmmSettings } from '../../src/core/settings/types';
import { closedPort } from '../faults/faultProxy';

jest.setTimeout(60_000);

const PASTED_KEY = 'PastedKey9f8e7d6c5b4a3f2e1d0c9b8aZ';
const SECRETS: Record<string, string> = {
  'nodeKey:keyed-node': 'SECRETKEY123-nodekey-Qm81f0a9d3',
  hedgeKey: 'SECRETKEY123-hedge-Kx72e1b8a6c5',
  coingeckoKey: 'SECRETKEY123-coingecko-Wm63d2c7',
  duneKey: 'SECRETKEY123-dune-Pv54c3d6a4b3e2',
};

/** Each secret as it may appear: raw, in a URL, in a Basic header. */
const FORMS = [...Object.values(SECRETS), PASTED_KEY].flatMap((secret) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
]);

let world: DemoWorld;
let child: ChildPlugin;
let client: PluginClient;
let settings: PmmSettings;
let whole: { fromMs: number; toMs: number };
/** Everything the backend said, as text. */
const said: string[] = [];

const context = () =>
  protoPluginContext(settings, { id: 7, uid: 'secrets', name: 'PMM Monitor (secrets)', secrets: SECRETS });
const query = (refId: string, json: Record<string, unknown>) => protoQuery(refId, json, whole);

function leaks(): string[] {
  const text = said.join('\n');
  return FORMS.filter((form) => text.includes(form));
}

beforeAll(async () => {
  const [started, plugin, deadA, deadB] = await Promise.all([
    startDemoWorld({ days: 3 }),
    spawnPlugin({ PMM_BACKEND_LOG_LEVEL: 'debug' }),
    closedPort(),
    closedPort(),
  ]);
  world = started;
  child = plugin;
  client = connectPlugin(child.socketPath);
  settings = demoSettings(world);
  settings.nodes = [
    ...settings.nodes,
    // The key is appended as the last path segment (Alchemy's and Infura's form).
    { name: 'keyed-node', url: `http://127.0.0.1:${deadA}/v2` },
    { name: 'pasted-node', url: `http://127.0.0.1:${deadB}/v2/${PASTED_KEY}` },
  ];
  const blocks = world.record.blocks;
  whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
}, 60_000);

afterAll(async () => {
  client?.close();
  child?.kill();
  await world?.stop();
});

it('says no secret in frames, errors, health, resources, metrics or logs', async () => {
  const { responses } = await client.queryData({
    pluginContext: context(),
    queries: [
      query('I', { mode: 'instant' }),
      query('R', { mode: 'range', area: 'uptime' }),
      query('H', { kpi: 'node_health', mode: 'instant' }),
      query('X', { kpi: 'no_such_kpi' }),
    ],
  });
  for (const answer of Object.values(responses)) {
    said.push(answer.error, ...answer.frames.map((frame) => frame.toString('latin1')));
  }
  // The answers are real ones: frames, and the bad KPI's error.
  expect(responses.I.frames.length).toBeGreaterThan(0);
  expect(responses.H.frames.length).toBeGreaterThan(0);
  expect(responses.X.error).toContain('no_such_kpi');

  const health = await client.checkHealth({ pluginContext: context() });
  said.push(health.message, health.jsonDetails.toString());
  // The dead nodes fail the health check, by name.
  expect(health.message).toMatch(/keyed-node|pasted-node/);

  for (const [path, method, body] of [
    ['catalogue', 'GET', ''],
    ['kpis?area=risk', 'GET', ''],
    ['nodes', 'GET', ''],
    ['assets', 'GET', ''],
    ['wallets', 'GET', ''],
    ['venues', 'GET', ''],
    ['token', 'POST', JSON.stringify({ address: settings.assets[0].address })],
    ['token', 'POST', JSON.stringify({ address: settings.wallets[0].address })],
    ['validate-address', 'POST', JSON.stringify({ address: '0x1234' })],
    ['validate-feed', 'POST', JSON.stringify({ address: settings.assets[0].feed })],
    ['no-such-resource', 'GET', ''],
  ] as const) {
    const answers = await client.callResource({
      pluginContext: context(),
      path: path.split('?')[0],
      method,
      url: `/api/datasources/uid/secrets/resources/${path}`,
      body: Buffer.from(body),
    });
    said.push(...answers.map((a) => `${a.code} ${a.body.toString()}`));
    expect(answers.length).toBeGreaterThan(0);
  }

  const metrics = await client.collectMetrics({ pluginContext: context() });
  said.push(metrics.metrics.prometheus.toString());

  said.push(child.stderr(), child.stdout());
  // The log is real: debug lines of the queries were written.
  expect(child.stderr()).toMatch(/"@level":"debug"/);
  expect(leaks()).toEqual([]);
});
