/**
 * 100 concurrent QueryData requests of mixed KPIs (each catalogue KPI in turn, instant and range, over
 * a few windows a dashboard would show) against the backend as Grafana runs it: the built executable
 * when there is one, else `tsx pkg/backend/main.ts`. Measures each request's latency at the client,
 * the process's peak RSS (VmHWM) and the block cache's hit rate from its own CollectMetrics, then sends
 * the same requests again as a dashboard refresh would (warm cache). Used by
 * the load test (everything answered) and by `npm run bench` (the figures).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

import { defaultExecutable, readMemory } from '../../scripts/measure-backend.mjs';
import { spawnPlugin } from '../backend/testing/childPlugin';
import { connectPlugin } from '../backend/testing/pluginClient';
import type { ProtoDataQuery, ProtoPluginContext } from '../backend/wire/protocol';
import { KPIS } from '../../src/core/catalogue';
import type { PmmSettings } from '../../src/core/settings/types';

export interface LoadOptions {
  settings: PmmSettings;
  /** The range the windows are cut from (e.g. the demo world's whole history). */
  range: { fromMs: number; toMs: number };
  concurrent?: number;
  /** Default: the built executable when present. */
  executable?: string;
}

export interface LoadResult {
  /** What answered: the executable's path, or "tsx pkg/backend/main.ts". */
  backend: string;
  requests: number;
  /** Requests answered by the gRPC call (not a transport error). */
  answered: number;
  /** Answered requests whose query carried an error. */
  queryErrors: string[];
  /** The first wave (cold cache). */
  latenciesMs: number[];
  p50Ms: number;
  p95Ms: number;
  /** The same 100 requests again, as a dashboard refresh sends them (warm cache). */
  warm: { p50Ms: number; p95Ms: number };
  peakRssBytes: number;
  cacheHits: number;
  /** Reads that shared one already in flight (concurrent queries of the same block). */
  cacheJoins: number;
  cacheMisses: number;
  /** (hits + joins) / (hits + joins + misses) over both waves: reads served without a new request. */
  cacheHitRate: number | undefined;
}

/** A backend process started as Grafana starts it, and the socket its handshake names. */
export interface Running {
  process: ChildProcess;
  socketPath: string;
  backend: string;
}

/** Spawns a built executable as Grafana does (magic cookie, protocol 2) and waits for its handshake line. */
export function startExecutable(executable: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        resolve({ process: child, socketPath: out.slice(0, newline).split('|')[3] ?? '', backend: executable });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${executable} exited (${code}) before its handshake`)));
  });
}

async function start(executable: string | undefined): Promise<Running> {
  const built = executable ?? defaultExecutable();
  if (existsSync(built)) {
    return startExecutable(built);
  }
  const child = await spawnPlugin();
  return { process: child.process, socketPath: child.socketPath, backend: 'tsx pkg/backend/main.ts' };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** The sum of a Prometheus counter's samples across labels (the plugin prefixes its names). */
function counter(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#') && new RegExp(`^\\w*${name}[{ ]`).test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

export async function runLoad({ settings, range, concurrent = 100, executable }: LoadOptions): Promise<LoadResult> {
  const running = await start(executable);
  const client = connectPlugin(running.socketPath);
  const pid = running.process.pid ?? -1;
  let peak = readMemory(pid)?.peakRssBytes ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, readMemory(pid)?.rssBytes ?? 0);
  }, 20);
  const day = 86_400_000;
  // What a dashboard shows: the whole history, the last day, the last hour.
  const windows = [
    range,
    { fromMs: Math.max(range.fromMs, range.toMs - day), toMs: range.toMs },
    { fromMs: range.toMs - 3_600_000, toMs: range.toMs },
  ];
  const context = {
    orgId: 1,
    pluginId: 'halo-pmm-datasource',
    dataSourceInstanceSettings: {
      id: 1,
      uid: 'load',
      name: 'PMM Monitor (load)',
      jsonData: Buffer.from(JSON.stringify(settings)),
      decryptedSecureJsonData: {},
      lastUpdatedMS: 1,
    },
  } as unknown as ProtoPluginContext;
  const request = async (i: number) => {
    const kpi = KPIS[i % KPIS.length].id;
    const window = windows[i % windows.length];
    const mode = i % 2 === 0 ? 'instant' : 'range';
    const query = {
      refId: 'A',
      maxDataPoints: 100,
      intervalMS: 60_000,
      timeRange: { fromEpochMS: window.fromMs, toEpochMS: window.toMs },
      json: Buffer.from(JSON.stringify({ refId: 'A', kpi, mode })),
      queryType: '',
    } as ProtoDataQuery;
    const started = performance.now();
    const { responses } = await client.queryData({ pluginContext: context, queries: [query] });
    return { ms: performance.now() - started, error: responses.A?.error ? `${kpi} ${mode}: ${responses.A.error}` : '' };
  };
  const wave = async () => {
    const settled = await Promise.allSettled(Array.from({ length: concurrent }, (_, i) => request(i)));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  };
  try {
    const answered = await wave();
    const refreshed = await wave();
    const metrics = (await client.collectMetrics({})).metrics.prometheus.toString();
    const hits = counter(metrics, 'block_cache_hits_total');
    const joins = counter(metrics, 'block_cache_joins_total');
    const misses = counter(metrics, 'block_cache_misses_total');
    const latencies = answered.map((a) => a.ms);
    const warm = refreshed.map((a) => a.ms);
    return {
      backend: running.backend,
      requests: concurrent,
      answered: answered.length,
      queryErrors: answered.flatMap((a) => (a.error ? [a.error] : [])),
      latenciesMs: latencies,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      warm: { p50Ms: percentile(warm, 50), p95Ms: percentile(warm, 95) },
      peakRssBytes: Math.max(peak, readMemory(pid)?.peakRssBytes ?? 0),
      cacheHits: hits,
      cacheJoins: joins,
      cacheMisses: misses,
      cacheHitRate: hits + joins + misses > 0 ? (hits + joins) / (hits + joins + misses) : undefined,
    };
  } finally {
    clearInterval(sampler);
    client.close();
    running.process.kill('SIGTERM');
  }
}
