/**
 * Where an alert cycle's time goes: the same cycles as alertBench.ts (every generated rule, groups
 * concurrently, the rules of a group one after another), but answered in this process by the backend's
 * own QueryData handler, so V8's profiler can watch the steady-state cycle. Writes a .cpuprofile
 * (open it in Chrome's DevTools, or summarise it with `--summary`) and prints each cycle's time.
 *
 *   npx tsx pkg/bench/alertProfile.ts [--out /tmp/alert-steady.cpuprofile] [--cycles 2] [--settings FILE]
 *
 * `--settings`: a running world's data source settings (`pmm-monitor demo --no-live --write-config
 * FILE`) instead of a world of its own. With the executable's V8 flags (scripts/build-backend.mjs):
 *   node --max-semi-space-size=1 --max-old-space-size=512 --no-separate-gc-phases --optimize-for-size \
 *     --import tsx pkg/bench/alertProfile.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';

import { createHandlers } from '../backend/handlers';
import { pluginContextOf, dataQueryOf } from '../backend/wire/convert';
import { createLogger } from '../backend/wire/log';
import { createRedactor } from '../backend/wire/redactor';
import { protoPluginContext } from '../backend/testing/protoRequests';
import { demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import type { PmmSettings } from '../../src/core/settings/types';
import { startTestProxy } from '../engine/sources/rpc/testProxy';
import { DEMO_DATASOURCE_NAME } from '../provisioning/datasource';
import { DEMO_DATASOURCE_UID } from '../provisioning/ids';
import { provisionedAlertGroups, rulerQuery } from './alertBench';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

/** Self time and total time (self plus callees, counted once per stack) by function, in ms. */
function summarise(profile: CpuProfile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.nodes.reduce((sum, n) => sum + n.hitCount, 0);
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, samples);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(pkg|src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id) as ProfileNode;
    const key = name(node);
    self.set(key, (self.get(key) ?? 0) + node.hitCount);
    const inner = new Set(onStack);
    inner.add(key);
    let sum = node.hitCount;
    for (const child of node.children ?? []) {
      sum += walk(child, inner);
    }
    if (!onStack.has(key)) {
      total.set(key, (total.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0].id, new Set());
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, count]) => `${(count * msPerSample).toFixed(0).padStart(8)} ms  ${key}`)
      .join('\n');
  return `self:\n${table(self)}\n\ntotal:\n${table(total)}`;
}

function startWorld(): Promise<DemoWorld> {
  process.stderr.write('alert profile: a 31-day demo world…\n');
  return startDemoWorld({ port: 0, endpointsPort: 0 });
}

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

interface HeapProfile {
  head: HeapNode;
}

/** Bytes allocated by function (self) and under it (total, counted once per stack), in MB. */
function summariseHeap(profile: HeapProfile, top = 40): string {
  const name = (n: HeapNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(pkg|src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (node: HeapNode, onStack: Set<string>): number => {
    const key = name(node);
    self.set(key, (self.get(key) ?? 0) + node.selfSize);
    const inner = new Set(onStack).add(key);
    const sum = node.children.reduce((bytes, child) => bytes + walk(child, inner), node.selfSize);
    if (!onStack.has(key)) {
      total.set(key, (total.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.head, new Set());
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, bytes]) => `${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${key}`)
      .join('\n');
  return `allocated, self:\n${table(self)}\n\nallocated, total:\n${table(total)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '/tmp/alert-steady.cpuprofile' },
      cycles: { type: 'string', default: '2' },
      settings: { type: 'string' },
      // Sample allocations (every object, whether collected since or not) instead of CPU time.
      heap: { type: 'boolean', default: false },
      // Each query's range ends when it is sent, not at the cycle's tick (alertBench.ts).
      'now-per-query': { type: 'boolean', default: false },
    },
  });
  const cycles = Number(values.cycles);
  const world = values.settings ? undefined : await startWorld();
  const settings: PmmSettings = world
    ? demoSettings(world)
    : (JSON.parse(readFileSync(values.settings as string, 'utf8')) as PmmSettings);
  const proxy = await startTestProxy({ target: settings.nodes[0].url });
  const redactor = createRedactor();
  const backend = createHandlers({ log: createLogger({ redactor, level: 'warn' }), redactor });
  try {
    settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
    const context = pluginContextOf(
      protoPluginContext(settings, { uid: DEMO_DATASOURCE_UID, name: DEMO_DATASOURCE_NAME, withoutUser: true })
    );
    const groups = provisionedAlertGroups();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const profiled = cycle === cycles;
      if (profiled && values.heap) {
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: 32_768,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      } else if (profiled) {
        await session.post('Profiler.start');
      }
      proxy.reset();
      const started = performance.now();
      const tick = Date.now();
      const times = await Promise.all(
        groups.map(async (group) => {
          let ms = 0;
          for (const rule of group.rules) {
            const sent = performance.now();
            const response = await backend.handlers.queryData({
              pluginContext: context,
              headers: {},
              queries: [dataQueryOf(rulerQuery(rule, values['now-per-query'] ? Date.now() : tick))],
            });
            const error = response.get('A')?.error;
            if (error) {
              process.stderr.write(`  ${rule.uid}: ${error}\n`);
            }
            ms += performance.now() - sent;
          }
          return `${group.name}: ${(ms / 1000).toFixed(2)} s`;
        })
      );
      const ms = performance.now() - started;
      process.stdout.write(
        `cycle ${cycle}: ${(ms / 1000).toFixed(2)} s, ${proxy.methods.length} calls\n  ${times.join('\n  ')}\n`
      );
      if (profiled && values.heap) {
        const { profile } = await session.post('HeapProfiler.stopSampling');
        writeFileSync(values.out, JSON.stringify(profile));
        process.stdout.write(`${summariseHeap(profile as unknown as HeapProfile)}\nprofile: ${values.out}\n`);
      } else if (profiled) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(values.out, JSON.stringify(profile));
        process.stdout.write(`${summarise(profile as unknown as CpuProfile)}\nprofile: ${values.out}\n`);
      }
    }
    session.disconnect();
  } finally {
    backend.close();
    await proxy.close();
    await world?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`alert profile: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
