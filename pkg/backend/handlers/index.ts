/**
 * PMM Monitor's data source, as the four handlers the wire calls: one instance manager (an engine
 * per data source) and one set of metrics shared by all of them.
 */
import type { BackendHandlers } from '../wire/backend';
import type { Logger } from '../wire/log';
import type { Redactor } from '../wire/redactor';
import { callResource } from './callResource';
import { checkHealth } from './checkHealth';
import { collectMetrics, createPluginMetrics, observeHttpRequests, type PluginMetrics } from './collectMetrics';
import { createInstanceManager, type EngineFactory, type InstanceManager } from './instances';
import { queryData } from './queryData';

export interface CreateHandlersParameters {
  log: Logger;
  redactor: Redactor;
  createEngine?: EngineFactory;
  /** Each query's deadline (see deadline.ts). */
  queryTimeoutMs?: number;
}

export interface DataSourceBackend {
  handlers: BackendHandlers;
  instances: InstanceManager;
  metrics: PluginMetrics;
  /** Stops watching the process's HTTP requests. */
  close(): void;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function createHandlers({
  log,
  redactor,
  createEngine,
  queryTimeoutMs,
}: CreateHandlersParameters): DataSourceBackend {
  const instances = createInstanceManager({ redactor, createEngine });
  const metrics = createPluginMetrics();
  const isRpcOrigin = (origin: string) =>
    instances.all().some((instance) => instance.settings.nodes.some((node) => originOf(node.url) === origin));
  const stopObserving = observeHttpRequests(metrics, isRpcOrigin);
  const deps = { instances, metrics, log, queryTimeoutMs };
  return {
    instances,
    metrics,
    close: stopObserving,
    handlers: {
      queryData: (request, signal) => queryData(request, deps, signal),
      checkHealth: (request) => checkHealth(request, deps),
      collectMetrics: async () => collectMetrics(metrics, instances.all()),
      callResource: (request) => callResource(request, deps),
    },
  };
}
