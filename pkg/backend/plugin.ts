/**
 * The backend put together: PMM Monitor's handlers behind Grafana's gRPC protocol, listening on a
 * unix socket. main.ts runs it as a process (handshake line, signals, exit); tests can run it in
 * their own process.
 */
import type { DataSourceBackend } from './handlers';
import { queryTimeoutOf } from './handlers/deadline';
import type { EngineFactory } from './handlers/instances';
import type { BackendHandlers } from './wire/backend';
import { handshakeLine, socketPlace } from './wire/handshake';
import type { Logger } from './wire/log';
import type { Redactor } from './wire/redactor';
import { serve } from './wire/server';

export interface StartPluginParameters {
  env: NodeJS.ProcessEnv;
  log: Logger;
  redactor: Redactor;
  /** The host asked us to exit (plugin.GRPCController/Shutdown). */
  onShutdown: () => void;
  createEngine?: EngineFactory;
  /** Each query's deadline; default PMM_QUERY_TIMEOUT_MS from `env`, else 60 s. */
  queryTimeoutMs?: number;
}

export interface RunningPlugin {
  socketPath: string;
  /** The one line go-plugin reads on stdout, newline included. */
  handshake: string;
  /** Drops every call and connection, and removes the socket. Safe to call more than once. */
  stop(): void;
  /** Like stop, after letting calls in flight finish for up to `graceMs` (the Shutdown answer must leave). */
  drain(graceMs: number): Promise<void>;
}

/**
 * The handlers, loaded on first use. Grafana waits for the handshake line before anything else, and
 * evaluating the engine with viem and Arrow takes longer than starting the gRPC server; loading them
 * on the first call keeps Grafana's start of the plugin short (issue 5: within 300 ms of spawn), and
 * costs that first call ~0.1 s once. (Loading them right after the handshake instead would block the
 * event loop just when the host may signal us.)
 */
function lazyHandlers(parameters: Omit<StartPluginParameters, 'env' | 'onShutdown'>) {
  let loaded: Promise<DataSourceBackend> | undefined;
  let closed = false;
  const load = () =>
    (loaded ??= import('./handlers').then(({ createHandlers }) => {
      const backend = createHandlers(parameters);
      if (closed) {
        backend.close();
      }
      return backend;
    }));
  const handlers: BackendHandlers = {
    queryData: async (request, signal) => (await load()).handlers.queryData(request, signal),
    checkHealth: async (request) => (await load()).handlers.checkHealth(request),
    collectMetrics: async (request) => (await load()).handlers.collectMetrics(request),
    callResource: async (request) => (await load()).handlers.callResource(request),
  };
  return {
    handlers,
    close: () => {
      closed = true;
      void loaded?.then((backend) => backend.close());
    },
  };
}

export async function startPlugin({
  env,
  log,
  redactor,
  onShutdown,
  createEngine,
  queryTimeoutMs,
}: StartPluginParameters): Promise<RunningPlugin> {
  const backend = lazyHandlers({ log, redactor, createEngine, queryTimeoutMs: queryTimeoutMs ?? queryTimeoutOf(env) });
  const place = socketPlace(env);
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve({
      handlers: backend.handlers,
      address: `unix:${place.socketPath}`,
      log,
      redactor,
      onShutdown,
    });
  } catch (error) {
    backend.close();
    place.remove();
    throw error;
  }
  let stopped = false;
  const release = () => {
    if (!stopped) {
      stopped = true;
      backend.close();
      place.remove();
    }
  };
  return {
    socketPath: place.socketPath,
    handshake: handshakeLine(place.socketPath),
    stop() {
      server.stop();
      release();
    },
    async drain(graceMs) {
      await server.drain(graceMs);
      release();
    },
  };
}
