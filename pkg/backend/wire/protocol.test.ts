/**
 * The wire's descriptor: descriptor.json (what the bundled backend loads) says what the .proto files
 * say, and every field number is the one of the pinned grafana-plugin-sdk-go backend.proto (commit
 * 0092646154901e389cc7a3cef29f69d618318d0b), go-plugin's controller and grpc.health.v1.
 */
import path from 'node:path';

import { loadSync } from '@grpc/proto-loader';

import descriptor from './descriptor.json';
import { LOAD_OPTIONS, packageDefinition } from './protocol';

/** Field name → number, copied by hand from the pinned upstream files (not from our .proto). */
const PINNED: Record<string, Record<string, number>> = {
  'pluginv2.AppInstanceSettings': { jsonData: 3, decryptedSecureJsonData: 4, lastUpdatedMS: 5, apiVersion: 6 },
  'pluginv2.DataSourceInstanceSettings': {
    id: 1,
    name: 2,
    url: 3,
    user: 4,
    database: 5,
    basicAuthEnabled: 6,
    basicAuthUser: 7,
    jsonData: 8,
    decryptedSecureJsonData: 9,
    lastUpdatedMS: 10,
    uid: 11,
    apiVersion: 12,
  },
  'pluginv2.User': { login: 1, name: 2, email: 3, role: 4 },
  'pluginv2.PluginContext': {
    orgId: 1,
    pluginId: 2,
    user: 3,
    appInstanceSettings: 4,
    dataSourceInstanceSettings: 5,
    grafanaConfig: 6,
    pluginVersion: 7,
    userAgent: 8,
    apiVersion: 9,
  },
  'pluginv2.StringList': { values: 1 },
  'pluginv2.CallResourceRequest': { pluginContext: 1, path: 2, method: 3, url: 4, headers: 5, body: 6 },
  'pluginv2.CallResourceResponse': { code: 1, headers: 2, body: 3 },
  'pluginv2.TimeRange': { fromEpochMS: 1, toEpochMS: 2 },
  'pluginv2.DataQuery': { refId: 1, maxDataPoints: 2, intervalMS: 3, timeRange: 4, json: 5, queryType: 6 },
  'pluginv2.QueryDataRequest': { pluginContext: 1, headers: 2, queries: 3, format: 7 },
  'pluginv2.QueryDataResponse': { responses: 1 },
  'pluginv2.DataResponse': { frames: 1, error: 2, jsonMeta: 3, status: 4, errorSource: 5, format: 7 },
  'pluginv2.CollectMetricsRequest': { pluginContext: 1 },
  'pluginv2.CollectMetricsResponse': { metrics: 1 },
  'pluginv2.CollectMetricsResponse.Payload': { prometheus: 1 },
  'pluginv2.CheckHealthRequest': { pluginContext: 1, headers: 2 },
  'pluginv2.CheckHealthResponse': { status: 1, message: 2, jsonDetails: 3 },
  'grpc.health.v1.HealthCheckRequest': { service: 1 },
  'grpc.health.v1.HealthCheckResponse': { status: 1 },
  'plugin.Empty': {},
};

const METHODS: Record<string, string[]> = {
  'pluginv2.Data': ['QueryData'],
  'pluginv2.Diagnostics': ['CheckHealth', 'CollectMetrics'],
  'pluginv2.Resource': ['CallResource'],
  'grpc.health.v1.Health': ['Check'],
  'plugin.GRPCController': ['Shutdown'],
};

type Node = { nested?: Record<string, Node>; fields?: Record<string, { id: number }>; methods?: object };

function lookup(name: string): Node | undefined {
  let node: Node | undefined = descriptor as Node;
  for (const part of name.split('.')) {
    node = node?.nested?.[part];
  }
  return node;
}

function messages(node: Node, prefix = ''): string[] {
  return Object.entries(node.nested ?? {}).flatMap(([name, child]) => {
    const full = prefix ? `${prefix}.${name}` : name;
    return [...(child.fields ? [full] : []), ...messages(child, full)];
  });
}

describe('the wire protocol', () => {
  it('has every message with the pinned field numbers, and no other message', () => {
    for (const [message, fields] of Object.entries(PINNED)) {
      const ids = Object.fromEntries(Object.entries(lookup(message)?.fields ?? {}).map(([name, f]) => [name, f.id]));
      expect({ message, ids }).toEqual({ message, ids: fields });
    }
    expect(messages(descriptor as Node).sort()).toEqual(Object.keys(PINNED).sort());
  });

  it('serves exactly the methods Grafana and go-plugin call', () => {
    const definition = packageDefinition();
    for (const [service, methods] of Object.entries(METHODS)) {
      expect(Object.keys(definition[service] ?? {}).sort()).toEqual([...methods].sort());
    }
    expect(
      (definition['pluginv2.Resource'] as Record<string, { responseStream: boolean }>).CallResource.responseStream
    ).toBe(true);
  });

  it('loads from descriptor.json exactly what the .proto files define (regenerate with generateDescriptor.ts)', () => {
    const files = ['backend.proto', 'health.proto', 'plugin.proto'].map((file) => path.join(__dirname, 'proto', file));
    const fromProto = loadSync(files, LOAD_OPTIONS);
    const fromJson = packageDefinition();
    expect(Object.keys(fromJson).sort()).toEqual(Object.keys(fromProto).sort());
    for (const [name, definition] of Object.entries(fromProto)) {
      if ('format' in definition) {
        // A message or enum: compare its descriptor (field names, numbers, types, labels).
        expect({ name, type: (fromJson[name] as { type: unknown }).type }).toEqual({ name, type: definition.type });
      }
    }
  });

  it('round-trips a query request as Grafana encodes it', () => {
    const definition = packageDefinition();
    const method = (
      definition['pluginv2.Data'] as Record<
        string,
        { requestSerialize(v: unknown): Buffer; requestDeserialize(b: Buffer): unknown }
      >
    ).QueryData;
    const request = {
      pluginContext: {
        orgId: 1,
        dataSourceInstanceSettings: { uid: 'x', lastUpdatedMS: 1_700_000_000_123, jsonData: Buffer.from('{}') },
      },
      queries: [
        {
          refId: 'A',
          timeRange: { fromEpochMS: 1_700_000_000_000, toEpochMS: 1_700_000_060_000 },
          json: Buffer.from('{"kpi":"uptime"}'),
        },
      ],
    };
    const decoded = method.requestDeserialize(method.requestSerialize(request)) as {
      pluginContext: { user: unknown; dataSourceInstanceSettings: { lastUpdatedMS: number } };
      queries: Array<{ timeRange: { toEpochMS: number }; json: Buffer; maxDataPoints: number }>;
    };
    expect(decoded.pluginContext.user).toBeNull();
    expect(decoded.pluginContext.dataSourceInstanceSettings.lastUpdatedMS).toBe(1_700_000_000_123);
    expect(decoded.queries[0].timeRange.toEpochMS).toBe(1_700_000_060_000);
    expect(decoded.queries[0].json.toString()).toBe('{"kpi":"uptime"}');
    expect(decoded.queries[0].maxDataPoints).toBe(0);
  });
});
