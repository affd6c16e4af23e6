/**
 * Requests as Grafana puts them on the wire, for tests that talk to the backend process over gRPC:
 * a data source's plugin context and a data query. One place, so every suite asks the same way.
 */
import type { ProtoDataQuery, ProtoPluginContext } from '../wire/protocol';

/** Grafana sends a user with dashboard queries and none with alerting's. */
export const ADMIN_USER = { login: 'admin', name: 'Admin', email: 'admin@example.com', role: 'Admin' };

export interface PluginContextOptions {
  uid?: string;
  name?: string;
  id?: number;
  /** secureJsonData as Grafana decrypts it for the plugin. */
  secrets?: Record<string, string>;
  /** Leave the user out, as alerting does. */
  withoutUser?: boolean;
}

export function protoPluginContext(settings: unknown, options: PluginContextOptions = {}): ProtoPluginContext {
  const { uid = 'pmm-test', name = `PMM Monitor (${uid})`, id = 1, secrets = {}, withoutUser = false } = options;
  return {
    orgId: 1,
    pluginId: 'halo-pmm-datasource',
    ...(withoutUser ? {} : { user: ADMIN_USER }),
    dataSourceInstanceSettings: {
      id,
      uid,
      name,
      jsonData: Buffer.from(JSON.stringify(settings)),
      decryptedSecureJsonData: secrets,
      lastUpdatedMS: 1,
    },
  } as unknown as ProtoPluginContext;
}

export interface ProtoQueryOptions {
  maxDataPoints?: number;
  intervalMs?: number;
}

/** A query over `range` whose JSON is `json` (the refId added). */
export function protoQuery(
  refId: string,
  json: Record<string, unknown>,
  range: { fromMs: number; toMs: number },
  { maxDataPoints = 20, intervalMs = 60_000 }: ProtoQueryOptions = {}
): ProtoDataQuery {
  return {
    refId,
    maxDataPoints,
    intervalMS: intervalMs,
    timeRange: { fromEpochMS: range.fromMs, toEpochMS: range.toMs },
    json: Buffer.from(JSON.stringify({ refId, ...json })),
    queryType: '',
  } as unknown as ProtoDataQuery;
}
