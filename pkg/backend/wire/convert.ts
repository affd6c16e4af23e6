/** Grafana's messages (as protocol.ts decodes them) to the plain requests of backend.ts, and answers back. */
import type { Field, Frame } from './frame';
import type {
  CallResourceRequest,
  CallResourceResponse,
  CheckHealthResult,
  DataQuery,
  DataResponse,
  PluginContext,
  QueryDataResponse,
} from './backend';
import {
  HEALTH_STATUS,
  type ProtoCallResourceRequest,
  type ProtoCallResourceResponse,
  type ProtoCheckHealthResponse,
  type ProtoDataQuery,
  type ProtoDataResponse,
  type ProtoPluginContext,
  type ProtoQueryDataResponse,
  type ProtoStringList,
} from './protocol';
import type { Redactor } from './redactor';

export function pluginContextOf(proto: ProtoPluginContext | null | undefined): PluginContext {
  const settings = proto?.dataSourceInstanceSettings;
  // A user message Grafana leaves out decodes as null; an empty one is no user either.
  const user = proto?.user && (proto.user.login || proto.user.email || proto.user.name) ? proto.user : undefined;
  return {
    orgId: proto?.orgId ?? 0,
    pluginId: proto?.pluginId ?? '',
    pluginVersion: proto?.pluginVersion ?? '',
    user: user ? { login: user.login, name: user.name, email: user.email, role: user.role } : undefined,
    dataSourceInstanceSettings: settings
      ? {
          id: settings.id,
          uid: settings.uid,
          name: settings.name,
          jsonData: settings.jsonData,
          decryptedSecureJsonData: { ...settings.decryptedSecureJsonData },
          lastUpdatedMs: settings.lastUpdatedMS,
        }
      : undefined,
  };
}

export function dataQueryOf(proto: ProtoDataQuery): DataQuery {
  return {
    refId: proto.refId,
    maxDataPoints: proto.maxDataPoints,
    intervalMs: proto.intervalMS,
    timeRange: { fromMs: proto.timeRange?.fromEpochMS ?? 0, toMs: proto.timeRange?.toEpochMS ?? 0 },
    json: proto.json,
    queryType: proto.queryType,
  };
}

export function callResourceRequestOf(proto: ProtoCallResourceRequest): CallResourceRequest {
  const headers: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(proto.headers ?? {})) {
    headers[name] = [...(list?.values ?? [])];
  }
  return {
    pluginContext: pluginContextOf(proto.pluginContext),
    path: proto.path.replace(/^\/+|\/+$/g, ''),
    method: proto.method.toUpperCase(),
    url: proto.url,
    headers,
    body: proto.body ?? Buffer.alloc(0),
  };
}

type ToArrow = (frame: Frame) => Uint8Array;

function dataResponseToProto(response: DataResponse, redactor: Redactor, frameToArrow: ToArrow): ProtoDataResponse {
  return {
    frames: response.frames.map((frame) => Buffer.from(frameToArrow(frame))),
    error: response.error ? redactor.scrub(response.error) : '',
    // 0 would read as "unknown" (500) on Grafana's side.
    status: response.status ?? 200,
    errorSource: response.error ? (response.errorSource ?? 'plugin') : '',
  };
}

/** A frame with every string the plugin wrote in it (names, labels, config, meta, string values) scrubbed. */
function scrubFrame(frame: Frame, redactor: Redactor): Frame {
  const scrubJson = <T>(value: T): T => JSON.parse(redactor.scrub(JSON.stringify(value))) as T;
  return {
    name: redactor.scrub(frame.name),
    refId: frame.refId,
    meta: frame.meta && scrubJson(frame.meta),
    fields: frame.fields.map((field): Field => {
      const common = {
        name: redactor.scrub(field.name),
        labels: field.labels && scrubJson(field.labels),
        config: field.config && scrubJson(field.config),
      };
      return field.type === 'string'
        ? { ...common, type: 'string', values: field.values.map((v) => (v === null ? null : redactor.scrub(v))) }
        : { ...field, ...common };
    }),
  };
}

/** Async because Arrow is loaded on the first answer, not at start (see lazyHandlers in plugin.ts). */
export async function queryDataResponseToProto(
  response: QueryDataResponse,
  redactor: Redactor
): Promise<ProtoQueryDataResponse> {
  const { frameToArrow } = await import('./arrow');
  const responses: Record<string, ProtoDataResponse> = {};
  for (const [refId, answer] of response) {
    const frames = answer.frames.map((frame) => scrubFrame(frame, redactor));
    responses[refId] = dataResponseToProto({ ...answer, frames }, redactor, frameToArrow);
  }
  return { responses };
}

export function checkHealthToProto(result: CheckHealthResult, redactor: Redactor): ProtoCheckHealthResponse {
  return {
    status: result.status === 'ok' ? HEALTH_STATUS.OK : HEALTH_STATUS.ERROR,
    message: redactor.scrub(result.message),
    jsonDetails: Buffer.from(result.details === undefined ? '' : redactor.scrub(JSON.stringify(result.details))),
  };
}

export function callResourceResponseToProto(
  response: CallResourceResponse,
  redactor: Redactor
): ProtoCallResourceResponse {
  const headers: Record<string, ProtoStringList> = {};
  for (const [name, values] of Object.entries(response.headers ?? {})) {
    headers[name] = { values };
  }
  return { code: response.code, headers, body: Buffer.from(redactor.scrub(response.body.toString('utf8'))) };
}
