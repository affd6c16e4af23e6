/**
 * The protocol's package definition, built from descriptor.json (generated from proto/*.proto by
 * generateDescriptor.ts) so that a bundled executable needs no .proto file at run time, and the
 * shapes of its messages as @grpc/proto-loader decodes them with LOAD_OPTIONS.
 */
import { fromJSON, type Options, type PackageDefinition } from '@grpc/proto-loader';

import descriptor from './descriptor.json';

/**
 * Field names as written in the .proto files; int64 as JavaScript numbers (milliseconds and ids stay
 * far below 2^53); enums as their numbers; bytes as Buffers; unset fields with their defaults.
 */
export const LOAD_OPTIONS: Options = {
  keepCase: true,
  longs: Number,
  enums: Number,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
};

/** protobufjs's JSON form (INamespace), which TypeScript cannot see in a JSON file's inferred type. */
type ProtobufJson = Parameters<typeof fromJSON>[0];

export function packageDefinition(): PackageDefinition {
  return fromJSON(descriptor as unknown as ProtobufJson, LOAD_OPTIONS);
}

/** Fully qualified service names, as grpc-js registers them. */
export const SERVICES = {
  data: 'pluginv2.Data',
  diagnostics: 'pluginv2.Diagnostics',
  resource: 'pluginv2.Resource',
  health: 'grpc.health.v1.Health',
  controller: 'plugin.GRPCController',
} as const;

// ---- Message shapes (pluginv2), as decoded with LOAD_OPTIONS ----

export interface ProtoDataSourceInstanceSettings {
  id: number;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: Buffer;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
  uid: string;
  apiVersion: string;
}

export interface ProtoUser {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface ProtoPluginContext {
  orgId: number;
  pluginId: string;
  user: ProtoUser | null;
  dataSourceInstanceSettings: ProtoDataSourceInstanceSettings | null;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
  apiVersion: string;
}

export interface ProtoDataQuery {
  refId: string;
  maxDataPoints: number;
  intervalMS: number;
  timeRange: { fromEpochMS: number; toEpochMS: number } | null;
  json: Buffer;
  queryType: string;
}

export interface ProtoQueryDataRequest {
  pluginContext: ProtoPluginContext | null;
  headers: Record<string, string>;
  queries: ProtoDataQuery[];
}

export interface ProtoDataResponse {
  frames: Buffer[];
  error: string;
  status: number;
  errorSource: string;
}

export interface ProtoQueryDataResponse {
  responses: Record<string, ProtoDataResponse>;
}

export interface ProtoCheckHealthRequest {
  pluginContext: ProtoPluginContext | null;
  headers: Record<string, string>;
}

export const HEALTH_STATUS = { UNKNOWN: 0, OK: 1, ERROR: 2 } as const;

export interface ProtoCheckHealthResponse {
  status: number;
  message: string;
  jsonDetails: Buffer;
}

export interface ProtoCollectMetricsRequest {
  pluginContext: ProtoPluginContext | null;
}

export interface ProtoCollectMetricsResponse {
  metrics: { prometheus: Buffer };
}

export interface ProtoStringList {
  values: string[];
}

export interface ProtoCallResourceRequest {
  pluginContext: ProtoPluginContext | null;
  path: string;
  method: string;
  url: string;
  headers: Record<string, ProtoStringList>;
  body: Buffer;
}

export interface ProtoCallResourceResponse {
  code: number;
  headers: Record<string, ProtoStringList>;
  body: Buffer;
}

// ---- grpc.health.v1 ----

export const SERVING_STATUS = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;

export interface ProtoHealthCheckRequest {
  service: string;
}

export interface ProtoHealthCheckResponse {
  status: number;
}
