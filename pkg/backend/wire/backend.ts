/**
 * What a data source implements, in plain TypeScript (grafana-plugin-sdk-go's backend package in
 * miniature): requests and answers without protobuf or Arrow, and the four handlers the wire calls.
 * The wire (server.ts, convert.ts, arrow.ts) turns these into Grafana's messages and back.
 */
import type { Frame } from './frame';

export interface DataSourceInstanceSettings {
  id: number;
  uid: string;
  name: string;
  /** The data source's jsonData, raw. */
  jsonData: Buffer;
  /** Secrets, decrypted by Grafana: never echoed in any answer or log line. */
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMs: number;
}

export interface User {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface PluginContext {
  orgId: number;
  pluginId: string;
  /** Undefined when Grafana itself asks (alerting, recorded queries). */
  user?: User;
  dataSourceInstanceSettings?: DataSourceInstanceSettings;
  pluginVersion: string;
}

export interface DataQuery {
  refId: string;
  maxDataPoints: number;
  intervalMs: number;
  timeRange: { fromMs: number; toMs: number };
  /** The query's JSON, raw: parsing it is the data source's job (and its error, per query). */
  json: Buffer;
  queryType: string;
}

export interface QueryDataRequest {
  pluginContext: PluginContext;
  headers: Record<string, string>;
  queries: DataQuery[];
}

export type ErrorSource = 'plugin' | 'downstream';

export interface DataResponse {
  frames: Frame[];
  error?: string;
  errorSource?: ErrorSource;
  /** HTTP-like status; the wire sends 200 when unset. */
  status?: number;
}

/** By refId. */
export type QueryDataResponse = Map<string, DataResponse>;

export interface CheckHealthRequest {
  pluginContext: PluginContext;
  headers: Record<string, string>;
}

export interface CheckHealthResult {
  status: 'ok' | 'error';
  message: string;
  /** Sent as JSON; Grafana shows it under the message. */
  details?: unknown;
}

export interface CollectMetricsRequest {
  pluginContext: PluginContext;
}

export interface CallResourceRequest {
  pluginContext: PluginContext;
  /** Without leading or trailing slashes, e.g. "catalogue". */
  path: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface CallResourceResponse {
  code: number;
  headers?: Record<string, string[]>;
  body: Buffer;
}

export interface BackendHandlers {
  /**
   * `signal` aborts when the host cancels the call (Grafana's request context, cancelled): the
   * handler may stop its work; its answer is not sent.
   */
  queryData(request: QueryDataRequest, signal?: AbortSignal): Promise<QueryDataResponse>;
  checkHealth(request: CheckHealthRequest): Promise<CheckHealthResult>;
  /** Prometheus text exposition format. */
  collectMetrics(request: CollectMetricsRequest): Promise<string>;
  callResource(request: CallResourceRequest): Promise<CallResourceResponse>;
}
