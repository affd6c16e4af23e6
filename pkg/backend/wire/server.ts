/**
 * The gRPC server Grafana's go-plugin client talks to: pluginv2 Data, Diagnostics and Resource call
 * the data source's handlers; grpc.health.v1 answers SERVING for "plugin"; plugin.GRPCController's
 * Shutdown ends the process. Any other service (go-plugin's stdio and broker, pluginv2 Stream…)
 * answers UNIMPLEMENTED, which go-plugin and Grafana treat as a normal path.
 */
import {
  Server,
  ServerCredentials,
  status,
  loadPackageDefinition,
  type GrpcObject,
  type ServerErrorResponse,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceClientConstructor,
  type sendUnaryData,
} from '@grpc/grpc-js';

import type { BackendHandlers } from './backend';
import {
  callResourceRequestOf,
  callResourceResponseToProto,
  checkHealthToProto,
  dataQueryOf,
  pluginContextOf,
  queryDataResponseToProto,
} from './convert';
import type { Logger } from './log';
import {
  packageDefinition,
  SERVING_STATUS,
  type ProtoCallResourceRequest,
  type ProtoCallResourceResponse,
  type ProtoCheckHealthRequest,
  type ProtoCheckHealthResponse,
  type ProtoCollectMetricsRequest,
  type ProtoCollectMetricsResponse,
  type ProtoHealthCheckRequest,
  type ProtoHealthCheckResponse,
  type ProtoQueryDataRequest,
  type ProtoQueryDataResponse,
} from './protocol';
import type { Redactor } from './redactor';

/** The Go SDK accepts 16 MB messages; grpc-js defaults to 4 MB. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The service go-plugin's client checks before dispensing and on every ping. */
export const PLUGIN_HEALTH_SERVICE = 'plugin';

export interface ServeParameters {
  handlers: BackendHandlers;
  /** `unix:/path/to.sock` or `127.0.0.1:0`. */
  address: string;
  log: Logger;
  redactor: Redactor;
  /** The host asked the plugin to exit; its answer is being sent (drain lets it leave). */
  onShutdown: () => void;
}

export interface RunningServer {
  /** The port for a TCP address; 0 for a unix socket. */
  port: number;
  /** Drops every connection and call at once (grpc-js tryShutdown would wait on open streams). */
  stop(): void;
  /** Lets calls in flight (the Shutdown answer among them) finish for up to `graceMs`, then stops. */
  drain(graceMs: number): Promise<void>;
}

function serviceOf(root: GrpcObject, name: string): ServiceClientConstructor {
  let node: unknown = root;
  for (const part of name.split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'function' || !('service' in node)) {
    throw new Error(`service ${name} is not in the protocol's descriptor`);
  }
  return node as ServiceClientConstructor;
}

function grpcError(code: status, message: string): ServerErrorResponse {
  return Object.assign(new Error(message), { code, details: message });
}

export function serve({ handlers, address, log, redactor, onShutdown }: ServeParameters): Promise<RunningServer> {
  const root = loadPackageDefinition(packageDefinition());
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });

  /** A unary method whose failure is logged and answered INTERNAL, with secrets scrubbed from both. */
  const unary =
    <Req, Res>(method: string, run: (request: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      run(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const message = redactor.scrub(error instanceof Error ? error.message : String(error));
          log.error(`${method} failed`, { error: message });
          callback(grpcError(status.INTERNAL, message));
        }
      );
    };

  server.addService(serviceOf(root, 'pluginv2.Data').service, {
    /**
     * Grafana cancels a call whose request it gave up on (a panel or range changed, a dashboard
     * closed, a deadline passed): the handler's signal aborts so its work stops, and whatever it
     * then answers or throws goes nowhere (the call is over) and is no failure of ours.
     */
    QueryData: (
      call: ServerUnaryCall<ProtoQueryDataRequest, ProtoQueryDataResponse>,
      callback: sendUnaryData<ProtoQueryDataResponse>
    ) => {
      const cancel = new AbortController();
      const onCancelled = () => cancel.abort();
      call.on('cancelled', onCancelled);
      if (call.cancelled) {
        cancel.abort();
      }
      const { request } = call;
      handlers
        .queryData(
          {
            pluginContext: pluginContextOf(request.pluginContext),
            headers: request.headers ?? {},
            queries: (request.queries ?? []).map(dataQueryOf),
          },
          cancel.signal
        )
        .then((answer) => queryDataResponseToProto(answer, redactor))
        .then(
          (response) => {
            if (cancel.signal.aborted) {
              log.debug('QueryData cancelled by the host');
              return;
            }
            callback(null, response);
          },
          (error: unknown) => {
            if (cancel.signal.aborted) {
              log.debug('QueryData cancelled by the host');
              return;
            }
            const message = redactor.scrub(error instanceof Error ? error.message : String(error));
            log.error('QueryData failed', { error: message });
            callback(grpcError(status.INTERNAL, message));
          }
        )
        .finally(() => call.removeListener('cancelled', onCancelled));
    },
  });

  server.addService(serviceOf(root, 'pluginv2.Diagnostics').service, {
    CheckHealth: unary<ProtoCheckHealthRequest, ProtoCheckHealthResponse>('CheckHealth', async (request) => {
      const result = await handlers.checkHealth({
        pluginContext: pluginContextOf(request.pluginContext),
        headers: request.headers ?? {},
      });
      return checkHealthToProto(result, redactor);
    }),
    CollectMetrics: unary<ProtoCollectMetricsRequest, ProtoCollectMetricsResponse>(
      'CollectMetrics',
      async (request) => {
        const text = await handlers.collectMetrics({ pluginContext: pluginContextOf(request.pluginContext) });
        return { metrics: { prometheus: Buffer.from(redactor.scrub(text)) } };
      }
    ),
  });

  server.addService(serviceOf(root, 'pluginv2.Resource').service, {
    CallResource: (call: ServerWritableStream<ProtoCallResourceRequest, ProtoCallResourceResponse>) => {
      handlers.callResource(callResourceRequestOf(call.request)).then(
        (response) => {
          call.write(callResourceResponseToProto(response, redactor));
          call.end();
        },
        (error: unknown) => {
          const message = redactor.scrub(error instanceof Error ? error.message : String(error));
          log.error('CallResource failed', { path: call.request.path, error: message });
          call.destroy(grpcError(status.INTERNAL, message));
        }
      );
    },
  });

  server.addService(serviceOf(root, 'grpc.health.v1.Health').service, {
    Check: (
      call: ServerUnaryCall<ProtoHealthCheckRequest, ProtoHealthCheckResponse>,
      callback: sendUnaryData<ProtoHealthCheckResponse>
    ) => {
      const service = call.request.service;
      if (service === '' || service === PLUGIN_HEALTH_SERVICE) {
        callback(null, { status: SERVING_STATUS.SERVING });
        return;
      }
      callback(grpcError(status.NOT_FOUND, `unknown service ${service}`));
    },
  });

  server.addService(serviceOf(root, 'plugin.GRPCController').service, {
    Shutdown: (_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
      log.info('shutdown requested by the host');
      callback(null, {});
      onShutdown();
    },
  });

  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
      if (error) {
        reject(error);
        return;
      }
      resolve({
        port,
        stop: () => server.forceShutdown(),
        drain: (graceMs) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => {
              server.forceShutdown();
              done();
            }, graceMs);
            server.tryShutdown(() => {
              clearTimeout(timer);
              done();
            });
          }),
      });
    });
  });
}
