#!/usr/bin/env node
/**
 * Figures of the backend executable for `npm run bench`, with no Go and no Grafana: its size, the
 * median time from spawn to go-plugin's handshake line over N starts, its resident memory once
 * started, and (given data source settings, e.g. a running demo world's) its memory and times while
 * it answers QueryData for every KPI, instant and range, over gRPC as Grafana would ask.
 *
 *   node scripts/measure-backend.mjs [--executable FILE] [--runs 10] [--settings FILE [--hours 72]] [--json]
 *
 * From TypeScript: `import { measureHandshake, defaultExecutable } from '../../scripts/measure-backend.mjs'`
 * (types in measure-backend.d.mts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { HANDSHAKE_LINE, startLikeGrafana, stopPlugin } from './build-backend.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const GOARCH = { x64: 'amd64', arm64: 'arm64' };

/** dist/datasource/<plugin.json executable>_linux_<this machine's arch>. */
export function defaultExecutable() {
  let name = 'gpx_pmm';
  try {
    name = JSON.parse(readFileSync(path.join(ROOT, 'src/datasource/plugin.json'), 'utf8')).executable || name;
  } catch {
    // keep the default
  }
  return path.join(ROOT, 'dist', 'datasource', `${name}_linux_${GOARCH[arch()] ?? arch()}`);
}

/**
 * VmRSS and VmHWM of a running process, in bytes (undefined off Linux), and VmRSS's two parts: the
 * process's own memory (RssAnon) and the pages of files it maps (RssFile: the executable itself, which
 * the kernel maps more of while the whole file sits in the page cache, e.g. just after a build).
 */
export function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return {
      rssBytes: kib('VmRSS'),
      peakRssBytes: kib('VmHWM'),
      anonBytes: kib('RssAnon'),
      fileBytes: kib('RssFile') + kib('RssShmem'),
    };
  } catch {
    return undefined;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Starts the executable `runs` times as Grafana does (one at a time, each ended with SIGTERM before the
 * next) and times spawn → handshake line. Also reports the memory of the first start just after its
 * handshake (idle: no request served yet).
 */
export async function measureHandshake(executable = defaultExecutable(), { runs = 10, env = {} } = {}) {
  const samplesMs = [];
  let idle;
  for (let run = 0; run < runs; run++) {
    const { child, line, ms } = await startLikeGrafana(executable, { env });
    try {
      if (!HANDSHAKE_LINE.test(line)) {
        throw new Error(`not a go-plugin handshake line: ${JSON.stringify(line)}`);
      }
      if (run === 0) {
        // let the event loop settle before reading memory
        await new Promise((resolve) => setTimeout(resolve, 200));
        idle = readMemory(child.pid);
      }
    } finally {
      await stopPlugin(child);
    }
    samplesMs.push(ms);
  }
  return {
    executable,
    bytes: statSync(executable).size,
    runs,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    samplesMs,
    idleRssBytes: idle?.rssBytes,
  };
}

/** The catalogue's KPI ids, from `pmm-monitor catalogue --json` (the catalogue is TypeScript). */
export function catalogueIds() {
  const listed = spawnSync(process.execPath, [path.join(ROOT, 'pkg/cli/bin.mjs'), 'catalogue', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0) {
    throw new Error(`pmm-monitor catalogue --json failed: ${listed.stderr}`);
  }
  return JSON.parse(listed.stdout).map((kpi) => kpi.id);
}

/**
 * Starts the executable, then sends QueryData for every KPI (one request per mode, `rounds` times) as
 * Grafana's alerting would (no user), sampling VmRSS every 20 ms. The gRPC client and the message
 * definitions are the backend's own (@grpc/grpc-js, pkg/backend/wire/descriptor.json): this is a
 * measurement, not a conformance check (tests/conformance is that).
 */
export async function measureQueryLoad(
  executable = defaultExecutable(),
  { settings, kpis, hours = 72, rounds = 1, timeoutMs = 300_000 } = {}
) {
  const grpc = require('@grpc/grpc-js');
  const protoLoader = require('@grpc/proto-loader');
  const descriptor = JSON.parse(readFileSync(path.join(ROOT, 'pkg/backend/wire/descriptor.json'), 'utf8'));
  const definition = protoLoader.fromJSON(descriptor, { keepCase: true, longs: Number, enums: Number, defaults: true });
  const Data = grpc.loadPackageDefinition(definition).pluginv2.Data;
  const kpiIds = kpis ?? catalogueIds();

  const { child, line } = await startLikeGrafana(executable);
  const socket = line.split('|')[3];
  const client = new Data(`unix:${socket}`, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  let peakRssBytes = readMemory(child.pid)?.rssBytes ?? 0;
  let atPeak;
  const sampler = setInterval(() => {
    const memory = readMemory(child.pid);
    if (memory && memory.rssBytes >= peakRssBytes) {
      peakRssBytes = memory.rssBytes;
      atPeak = memory;
    }
  }, 20);
  const toMs = Date.now();
  const fromMs = toMs - hours * 3_600_000;
  const dataSource = {
    id: 1,
    uid: 'pmm-bench',
    name: 'PMM Monitor (bench)',
    url: settings?.nodes?.[0]?.url ?? '',
    jsonData: Buffer.from(JSON.stringify(settings ?? {})),
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
  };
  const request = (mode) => ({
    pluginContext: { orgId: 1, pluginId: 'halo-pmm-datasource', dataSourceInstanceSettings: dataSource },
    queries: kpiIds.map((kpi) => ({
      refId: kpi,
      maxDataPoints: 1000,
      intervalMS: 300_000,
      timeRange: { fromEpochMS: fromMs, toEpochMS: toMs },
      json: Buffer.from(JSON.stringify({ refId: kpi, kpi, mode })),
    })),
  });
  const queryData = (mode) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      client.QueryData(request(mode), { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) {
          reject(error);
          return;
        }
        const answers = Object.values(response.responses ?? {});
        resolve({
          mode,
          ms: performance.now() - started,
          queries: answers.length,
          failed: answers.filter((answer) => answer.error).length,
          frames: answers.reduce((sum, answer) => sum + (answer.frames?.length ?? 0), 0),
        });
      });
    });
  try {
    const requests = [];
    for (let round = 0; round < rounds; round++) {
      requests.push(await queryData('instant'), await queryData('range'));
    }
    const after = readMemory(child.pid);
    return {
      executable,
      requests,
      rssAfterBytes: after?.rssBytes,
      peakRssBytes: Math.max(peakRssBytes, after?.peakRssBytes ?? 0),
      atPeak: atPeak && { anonBytes: atPeak.anonBytes, fileBytes: atPeak.fileBytes },
    };
  } finally {
    clearInterval(sampler);
    client.close();
    await stopPlugin(child);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      executable: { type: 'string' },
      runs: { type: 'string', default: '10' },
      settings: { type: 'string' },
      hours: { type: 'string', default: '72' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const executable = values.executable ?? defaultExecutable();
  const mib = (bytes) => (bytes ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a');
  (async () => {
    const handshake = await measureHandshake(executable, { runs: Number(values.runs) });
    const load = values.settings
      ? await measureQueryLoad(executable, {
          settings: JSON.parse(readFileSync(values.settings, 'utf8')),
          hours: Number(values.hours),
        })
      : undefined;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ handshake, load }, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `${path.relative(process.cwd(), executable)}: ${mib(handshake.bytes)}; handshake median ` +
        `${handshake.medianMs.toFixed(1)} ms over ${handshake.runs} starts (min ${handshake.minMs.toFixed(1)}, ` +
        `max ${handshake.maxMs.toFixed(1)}); RSS after start ${mib(handshake.idleRssBytes)}\n`
    );
    if (load) {
      for (const r of load.requests) {
        process.stdout.write(
          `QueryData, every KPI ${r.mode}: ${r.ms.toFixed(0)} ms, ${r.queries} answers, ${r.failed} failed, ${r.frames} frames\n`
        );
      }
      const split = load.atPeak
        ? ` (at the highest sample: own memory ${mib(load.atPeak.anonBytes)}, file pages ${mib(load.atPeak.fileBytes)})`
        : '';
      process.stdout.write(`RSS after the queries ${mib(load.rssAfterBytes)}, peak ${mib(load.peakRssBytes)}${split}\n`);
    }
  })().catch((error) => {
    process.stderr.write(`measure-backend: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
