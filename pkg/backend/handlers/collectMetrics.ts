/**
 * CollectMetrics: what the plugin has done since it started (queries, their errors by source and
 * their latency; health checks; outgoing HTTP requests, JSON-RPC batches apart), each engine's block
 * cache, and the process's memory and CPU.
 */
import diagnostics from 'node:diagnostics_channel';

import type { BlockCacheStats } from '../../engine';
import type { DataSourceInstance } from './instances';
import { counter, formatPrometheus, histogram, snapshot, type MetricFamily, type Sample } from './metrics';

export function createPluginMetrics() {
  return {
    queries: counter('queries_total', 'Data queries answered, by mode (instant or range).'),
    queryErrors: counter(
      'query_errors_total',
      'Data queries answered with an error, by the source that failed and Grafana error source.'
    ),
    kpiErrors: counter('kpi_errors_total', 'KPIs without a value because a source failed, by that source.'),
    queryDuration: histogram('query_duration_seconds', 'Time to answer one data query, by mode.'),
    healthChecks: counter('health_checks_total', 'Health checks run, by result.'),
    httpRequests: counter(
      'http_requests_total',
      'Outgoing HTTP requests, by target: "rpc" for JSON-RPC nodes (a batch counts once), "other" for the rest.'
    ),
  };
}

export type PluginMetrics = ReturnType<typeof createPluginMetrics>;

/**
 * Counts every HTTP request the process sends through fetch (viem's transport and the engine's HTTP
 * sources both use it), by watching undici's diagnostics channel: nothing is patched. Returns the
 * unsubscribe function.
 */
export function observeHttpRequests(metrics: PluginMetrics, isRpcOrigin: (origin: string) => boolean): () => void {
  const channel = 'undici:request:create';
  const onRequest = (message: unknown) => {
    const origin = (message as { request?: { origin?: unknown } }).request?.origin;
    metrics.httpRequests.inc({ target: typeof origin === 'string' && isRpcOrigin(origin) ? 'rpc' : 'other' });
  };
  diagnostics.subscribe(channel, onRequest);
  return () => diagnostics.unsubscribe(channel, onRequest);
}

function cacheFamilies(instances: readonly DataSourceInstance[]): MetricFamily[] {
  const samples = (pick: (stats: BlockCacheStats) => number): Sample[] =>
    instances.map((instance) => ({ labels: { datasource: instance.uid }, value: pick(instance.engine.cacheStats()) }));
  return [
    snapshot(
      'counter',
      'block_cache_hits_total',
      'Block cache reads answered from memory.',
      samples((s) => s.hits)
    ),
    snapshot(
      'counter',
      'block_cache_misses_total',
      'Block cache reads sent to a source.',
      samples((s) => s.misses)
    ),
    snapshot(
      'counter',
      'block_cache_joins_total',
      'Block cache reads that joined one in flight.',
      samples((s) => s.joins)
    ),
    snapshot(
      'counter',
      'block_cache_evictions_total',
      'Block cache entries evicted.',
      samples((s) => s.evictions)
    ),
    snapshot(
      'gauge',
      'block_cache_entries',
      'Entries in the block cache.',
      samples((s) => s.entries)
    ),
    snapshot(
      'gauge',
      'block_cache_bytes',
      'Approximate bytes held by the block cache.',
      samples((s) => s.bytes)
    ),
  ];
}

function processFamilies(): MetricFamily[] {
  const cpu = process.cpuUsage();
  const one = (value: number): Sample[] => [{ labels: {}, value }];
  return [
    snapshot('gauge', 'process_resident_memory_bytes', 'Resident memory, bytes.', one(process.memoryUsage().rss)),
    snapshot('counter', 'process_cpu_seconds_total', 'User and system CPU time.', one((cpu.user + cpu.system) / 1e6)),
    snapshot('gauge', 'process_start_time_seconds', 'Start time, Unix seconds.', one(performance.timeOrigin / 1000)),
  ];
}

export function collectMetrics(metrics: PluginMetrics, instances: readonly DataSourceInstance[]): string {
  return formatPrometheus([
    metrics.queries.family(),
    metrics.queryErrors.family(),
    metrics.kpiErrors.family(),
    metrics.queryDuration.family(),
    metrics.healthChecks.family(),
    metrics.httpRequests.family(),
    snapshot('gauge', 'engine_instances', 'Data source instances with a live engine.', [
      { labels: {}, value: instances.length },
    ]),
    ...cacheFamilies(instances),
    ...processFamilies(),
  ]);
}
