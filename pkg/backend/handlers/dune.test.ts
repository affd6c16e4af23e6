/**
 * The `dune` query type through QueryData, against the demo's Dune stand-in on 127.0.0.1 (shaped as
 * Dune's "Get Latest Query Result") and a test server for the statuses the demo never gives: one
 * typed table frame, and each failure the query's own error naming Dune and the fix, never the key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import demoSettingsJson from '../../demo/demo-settings.json';
import { serveEndpoints } from '../../demo/endpoints';
import type { RunningServer } from '../../demo/endpoints/http';
import { DUNE_DAILY_VOLUME_QUERY_ID, DUNE_UNEXECUTED_QUERY_ID } from '../../demo/endpoints/standIns';
import { buildRecord, DAY, rfq, settled, T0 } from '../../demo/ledger/expected/testLedger';
import type { PmmSettings } from '../../../src/core/settings/types';
import type { Engine, Secrets } from '../../engine';
import type { DataQuery, PluginContext } from '../wire/backend';
import type { Frame } from '../wire/frame';
import { createLogger } from '../wire/log';
import { createRedactor } from '../wire/redactor';
import { createPluginMetrics } from './collectMetrics';
import type { DataSourceInstance, InstanceManager } from './instances';
import { queryData } from './queryData';

const KEY = 'dune-key-Qx81a9c3e5d7f0b2';
const CONTEXT: PluginContext = { orgId: 1, pluginId: 'halo-pmm-datasource', pluginVersion: 'test' };

// Two settled quotes on two days: 2 WETH at 1,005 on 2023-11-14, 1 WETH at 1,020 on 2023-11-15.
const record = buildRecord(
  [{ timestamp: T0 }, { timestamp: T0 + DAY }],
  [
    settled(rfq(T0 * 1000 + 100), 1, { side: 'buy', size: 2, price: 1005 }),
    rfq(T0 * 1000 + 200, { error: 'pricer timeout' }),
    settled(rfq((T0 + DAY) * 1000), 1, { side: 'sell', size: 1, price: 1020 }),
  ]
);

/** An engine that must not be asked: a Dune query never goes through the KPI engine. */
const noEngine = {
  client: {},
  query: () => Promise.reject(new Error('the engine was asked')),
} as unknown as Engine;

function query(refId: string, json: Record<string, unknown>, queryType = ''): DataQuery {
  return {
    refId,
    maxDataPoints: 10,
    intervalMs: 60_000,
    timeRange: { fromMs: T0 * 1000, toMs: (T0 + DAY) * 1000 },
    json: Buffer.from(JSON.stringify(json)),
    queryType,
  };
}

const logged: string[] = [];

async function ask(duneUrl: string, queries: DataQuery[], secrets: Secrets = { duneKey: KEY }, duneQueryId?: number) {
  const base = demoSettingsJson as PmmSettings;
  const settings: PmmSettings = { ...base, endpoints: { ...base.endpoints, duneUrl, duneQueryId } };
  const instance: DataSourceInstance = { uid: 'pmm', name: 'PMM', settings, secrets, engine: noEngine };
  const instances: InstanceManager = { get: () => instance, all: () => [instance] };
  const log = createLogger({ redactor: createRedactor(), write: (line: string) => logged.push(line) });
  const responses = await queryData(
    { pluginContext: CONTEXT, headers: {}, queries },
    { instances, metrics: createPluginMetrics(), log, http: { sleep: async () => undefined } }
  );
  for (const response of responses.values()) {
    expect(response.error ?? '').not.toContain(KEY);
    expect(JSON.stringify(response.frames)).not.toContain(KEY);
  }
  return responses;
}

/** A Dune that answers every request with one status (the demo's never refuses a key nor rate-limits). */
let status = 500;
let refusing: Server;
let refusingUrl: string;

let server: RunningServer;
beforeAll(async () => {
  server = await serveEndpoints(record);
  refusing = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: `bad key ${KEY}` }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([server.close(), new Promise((resolve) => refusing.close(resolve))]);
  expect(logged.join('\n')).not.toContain(KEY);
});

describe('the dune query type', () => {
  it("answers the settings' saved query with one table frame, each column typed from Dune's column types", async () => {
    const responses = await ask(
      `${server.url}/dune`,
      [query('D', { queryType: 'dune' }), query('E', {}, 'dune')],
      { duneKey: KEY },
      DUNE_DAILY_VOLUME_QUERY_ID
    );
    for (const refId of ['D', 'E']) {
      const response = responses.get(refId);
      expect(response).toMatchObject({ status: 200 });
      expect(response?.error ?? '').toBe('');
      const [frame] = response?.frames as Frame[];
      expect(frame.name).toBe(`dune:${DUNE_DAILY_VOLUME_QUERY_ID}`);
      expect(frame.refId).toBe(refId);
      expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
        ['day', 'time'],
        ['pair', 'string'],
        ['fills', 'number'],
        ['volume_usd', 'number'],
      ]);
      expect(frame.fields.map((f) => f.values)).toEqual([
        [Date.UTC(2023, 10, 14), Date.UTC(2023, 10, 15)],
        ['WETH/USDC', 'WETH/USDC'],
        [1, 1],
        [2 * 1005, 1 * 1020],
      ]);
      expect(frame.meta?.custom).toMatchObject({ duneQueryId: DUNE_DAILY_VOLUME_QUERY_ID });
    }
  });

  it("takes the query's own id over the settings' default", async () => {
    const responses = await ask(
      `${server.url}/dune`,
      [query('Q', { queryType: 'dune', duneQueryId: DUNE_DAILY_VOLUME_QUERY_ID })],
      { duneKey: KEY },
      123
    );
    expect(responses.get('Q')?.frames[0]?.name).toBe(`dune:${DUNE_DAILY_VOLUME_QUERY_ID}`);
  });

  it('gives each failure its own error naming Dune and the fix, beside an answered neighbour', async () => {
    const dune = `${server.url}/dune`;
    const responses = await ask(dune, [
      query('ok', { queryType: 'dune', duneQueryId: DUNE_DAILY_VOLUME_QUERY_ID }),
      query('missing', { queryType: 'dune', duneQueryId: 999 }),
      query('unexecuted', { queryType: 'dune', duneQueryId: DUNE_UNEXECUTED_QUERY_ID }),
      query('noId', { queryType: 'dune' }),
      query('badId', { queryType: 'dune', duneQueryId: 'abc' }),
    ]);
    expect(responses.get('ok')).toMatchObject({ status: 200 });
    expect(responses.get('missing')).toMatchObject({ status: 400, errorSource: 'downstream', frames: [] });
    expect(responses.get('missing')?.error).toMatch(/^dune: Dune has no query 999 that this API key can read/);
    expect(responses.get('unexecuted')).toMatchObject({ status: 400 });
    expect(responses.get('unexecuted')?.error).toContain(
      `dune: query ${DUNE_UNEXECUTED_QUERY_ID} has no result yet: it has not been executed since its last edit (run the query once on dune.com`
    );
    expect(responses.get('noId')?.error).toMatch(
      /^query: no Dune query id \(edit the query in the panel editor: enter/
    );
    expect(responses.get('badId')?.error).toMatch(/^query: Dune query id "abc" is not a positive whole number/);

    const noKey = await ask(dune, [query('K', { queryType: 'dune', duneQueryId: 1 })], {});
    expect(noKey.get('K')).toMatchObject({ status: 400 });
    expect(noKey.get('K')?.error).toMatch(/^dune: no API key to read query 1 with \(set the Dune API key/);
  });

  it.each([
    [401, 400, /^dune: Dune refused the API key \(HTTP 401\) for query 5/],
    [429, 502, /^dune: Dune rate-limited the API key \(HTTP 429\) on query 5/],
  ])('HTTP %d from Dune: status %d and what to do', async (given, answered, message) => {
    status = given;
    const responses = await ask(refusingUrl, [query('S', { queryType: 'dune', duneQueryId: 5 })]);
    expect(responses.get('S')).toMatchObject({ status: answered, frames: [] });
    expect(responses.get('S')?.error).toMatch(message);
  });

  it('without a Dune URL in the settings: says Dune is not configured', async () => {
    const responses = await ask('', [query('U', { queryType: 'dune', duneQueryId: 5 })]);
    expect(responses.get('U')?.error).toMatch(/^settings: Dune is not configured \(set the Dune URL/);
  });
});
