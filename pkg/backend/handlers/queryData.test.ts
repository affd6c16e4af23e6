/**
 * How QueryData answers a failed query, in process: the status and error source come from whose fault
 * the failure is (a query the user must fix, a source that failed, our own bug), as Grafana's SDK
 * would set them, and a failed query never takes its neighbours down.
 */
import { createServer } from 'node:net';

import demoSettings from '../../demo/demo-settings.json';
import type { PmmSettings } from '../../../src/core/settings/types';
import { createEngine, type Engine } from '../../engine';
import type { DataQuery, PluginContext } from '../wire/backend';
import { createLogger } from '../wire/log';
import { createRedactor } from '../wire/redactor';
import { createPluginMetrics } from './collectMetrics';
import type { DataSourceInstance, InstanceManager } from './instances';
import { queryData } from './queryData';

const settings = demoSettings as PmmSettings;

const CONTEXT: PluginContext = { orgId: 1, pluginId: 'halo-pmm-datasource', pluginVersion: 'test' };

function query(refId: string, json: string): DataQuery {
  return {
    refId,
    maxDataPoints: 10,
    intervalMs: 60_000,
    timeRange: { fromMs: 1_700_000_000_000, toMs: 1_700_000_600_000 },
    json: Buffer.from(json),
    queryType: '',
  };
}

function dependencies(engine: Engine) {
  const instance: DataSourceInstance = { uid: 'pmm', name: 'PMM', settings, secrets: {}, engine };
  const instances: InstanceManager = { get: () => instance, all: () => [instance] };
  const metrics = createPluginMetrics();
  const log = createLogger({ redactor: createRedactor(), write: () => undefined });
  return { instances, metrics, log };
}

/** An engine that fails the way a bug does: not with a PmmError. */
const buggy = {
  client: {},
  query: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'value')")),
} as unknown as Engine;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('QueryData errors', () => {
  it('a malformed query is the user\'s to fix: 400, and "downstream" (not the plugin\'s failure) as the SDK maps 400', async () => {
    const responses = await queryData(
      { pluginContext: CONTEXT, headers: {}, queries: [query('bad', '{"kpi": '), query('odd', '{"mode": "sideways"}')] },
      dependencies(buggy)
    );
    expect(responses.get('bad')).toMatchObject({ frames: [], status: 400, errorSource: 'downstream' });
    expect(responses.get('bad')?.error).toBe('query: the query is not JSON (edit the query in the panel editor)');
    expect(responses.get('odd')).toMatchObject({ frames: [], status: 400, errorSource: 'downstream' });
    expect(responses.get('odd')?.error).toMatch(/mode "sideways" is neither/);
  });

  it('a dead node is a source that failed: 502, downstream, naming the node', async () => {
    const dead: PmmSettings = {
      ...settings,
      nodes: [{ name: 'dead-node', url: `http://127.0.0.1:${await closedPort()}`, reference: true }],
    };
    const engine = createEngine(dead, {});
    const responses = await queryData(
      { pluginContext: CONTEXT, headers: {}, queries: [query('N', '{"kpi": "net_delta", "mode": "instant"}')] },
      dependencies(engine)
    );
    expect(responses.get('N')).toMatchObject({ frames: [], status: 502, errorSource: 'downstream' });
    expect(responses.get('N')?.error).toContain('dead-node');
  });

  it('our own bug is the plugin\'s failure: 500, plugin', async () => {
    const deps = dependencies(buggy);
    const responses = await queryData(
      { pluginContext: CONTEXT, headers: {}, queries: [query('A', '{"kpi": "uptime", "mode": "instant"}')] },
      deps
    );
    expect(responses.get('A')).toMatchObject({
      frames: [],
      status: 500,
      errorSource: 'plugin',
      error: "Cannot read properties of undefined (reading 'value')",
    });
    expect(deps.metrics.queryErrors.family().samples).toEqual([
      { labels: { source: 'plugin', error_source: 'plugin' }, value: 1 },
    ]);
  });
});
