/**
 * A gRPC client for tests, speaking to the backend as Grafana does: the same package definition
 * (so the same field numbers), over the unix socket the handshake names.
 */
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type Client,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';

import { MAX_MESSAGE_BYTES } from '../wire/server';
import {
  packageDefinition,
  type ProtoCallResourceRequest,
  type ProtoCallResourceResponse,
  type ProtoCheckHealthRequest,
  type ProtoCheckHealthResponse,
  type ProtoCollectMetricsRequest,
  type ProtoCollectMetricsResponse,
  type ProtoHealthCheckResponse,
  type ProtoQueryDataRequest,
  type ProtoQueryDataResponse,
} from '../wire/protocol';

type Unary<Req, Res> = (request: Req, callback: (error: ServiceError | null, response: Res) => void) => void;
type CancellableUnary<Req, Res> = (
  request: Req,
  callback: (error: ServiceError | null, response: Res) => void
) => { cancel(): void };

function constructorOf(name: string): ServiceClientConstructor {
  let node: unknown = loadPackageDefinition(packageDefinition());
  for (const part of name.split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  return node as ServiceClientConstructor;
}

function call<Req, Res>(client: Client, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (client as unknown as Record<string, Unary<Req, Res>>)[method].bind(client);
    fn(request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

export interface PluginClient {
  health(service?: string): Promise<ProtoHealthCheckResponse>;
  queryData(request: Partial<ProtoQueryDataRequest>): Promise<ProtoQueryDataResponse>;
  /** QueryData as Grafana sends it when it may give up: `cancel()` cancels the call (CANCELLED). */
  queryDataCancellable(request: Partial<ProtoQueryDataRequest>): {
    answer: Promise<ProtoQueryDataResponse>;
    cancel(): void;
  };
  checkHealth(request: Partial<ProtoCheckHealthRequest>): Promise<ProtoCheckHealthResponse>;
  collectMetrics(request?: Partial<ProtoCollectMetricsRequest>): Promise<ProtoCollectMetricsResponse>;
  callResource(request: Partial<ProtoCallResourceRequest>): Promise<ProtoCallResourceResponse[]>;
  shutdown(): Promise<void>;
  /** Calls a method of a service the backend does not serve. */
  unserved(service: string, method: string): Promise<unknown>;
  close(): void;
}

export function connectPlugin(socketPath: string): PluginClient {
  const address = `unix:${socketPath}`;
  const options = {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  };
  const make = (name: string) => new (constructorOf(name))(address, credentials.createInsecure(), options);
  const data = make('pluginv2.Data');
  const diagnostics = make('pluginv2.Diagnostics');
  const resource = make('pluginv2.Resource');
  const health = make('grpc.health.v1.Health');
  const controller = make('plugin.GRPCController');
  const clients = [data, diagnostics, resource, health, controller];
  return {
    health: (service = 'plugin') => call(health, 'Check', { service }),
    queryData: (request) => call(data, 'QueryData', request),
    queryDataCancellable: (request) => {
      let cancel: () => void = () => undefined;
      const answer = new Promise<ProtoQueryDataResponse>((resolve, reject) => {
        const fn = (
          data as unknown as Record<string, CancellableUnary<unknown, ProtoQueryDataResponse>>
        ).QueryData.bind(data);
        const pending = fn(request, (error, response) => (error ? reject(error) : resolve(response)));
        cancel = () => pending.cancel();
      });
      return { answer, cancel };
    },
    checkHealth: (request) => call(diagnostics, 'CheckHealth', request),
    collectMetrics: (request = {}) => call(diagnostics, 'CollectMetrics', request),
    callResource: (request) =>
      new Promise((resolve, reject) => {
        const responses: ProtoCallResourceResponse[] = [];
        const stream = (resource as unknown as Record<string, (r: unknown) => NodeJS.EventEmitter>).CallResource(
          request
        );
        stream.on('data', (response: ProtoCallResourceResponse) => responses.push(response));
        stream.on('error', reject);
        stream.on('end', () => resolve(responses));
      }),
    shutdown: () => call(controller, 'Shutdown', {}),
    unserved: (service, method) =>
      new Promise((resolve, reject) => {
        data.makeUnaryRequest(
          `/${service}/${method}`,
          (value: Buffer) => value,
          (value: Buffer) => value,
          Buffer.alloc(0),
          new Metadata(),
          {},
          (error, value) => (error ? reject(error) : resolve(value))
        );
      }),
    close: () => clients.forEach((client) => client.close()),
  };
}
