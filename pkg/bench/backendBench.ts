/**
 * Backend figures for `npm run bench`: the built executable's start (spawn → go-plugin handshake line,
 * median of 10) and its memory while answering every KPI, instant and range, over the demo world.
 * Needs `npm run build` first; says so instead of failing when the executable is missing.
 */
import { existsSync } from 'node:fs';

import { KPIS } from '../../src/core/catalogue';
import { defaultExecutable, measureHandshake, measureQueryLoad } from '../../scripts/measure-backend.mjs';
import { demoSettings } from '../demo/datasourceSettings';
import type { DemoWorld } from '../demo/demoWorld';
import type { BenchRow } from './demoWorld';
import { mainnetShapedProxy } from './providerBench';

const MIB = 2 ** 20;
/** A throughput budget no sweep reaches: the memory row measures the caches, not the throttle. */
const UNLIMITED_UNITS = 1e9;

/** The peak's two parts: what the process allocated, and the executable's pages (page-cache dependent). */
function peakSplit(atPeak: { anonBytes: number; fileBytes: number } | undefined): string {
  return atPeak
    ? ` (own ${(atPeak.anonBytes / MIB).toFixed(0)} + executable's pages ${(atPeak.fileBytes / MIB).toFixed(0)})`
    : '';
}

export async function benchBackend(world: DemoWorld): Promise<BenchRow[]> {
  const executable = defaultExecutable();
  if (!existsSync(executable)) {
    return [
      { figure: 'backend executable', value: `not built (${executable}): run npm run build`, goal: '', met: undefined },
    ];
  }
  const start = await measureHandshake(executable, { runs: 10 });
  const load = await measureQueryLoad(executable, {
    settings: demoSettings(world),
    kpis: KPIS.map((k) => k.id),
    hours: 30 * 24,
  });
  const failed = load.requests.reduce((n, r) => n + r.failed, 0);
  // The demo world's month fills a fraction of the caches: the same queries over the month presented
  // at mainnet density (the provider bench's proxy, without its latency or budget) fill them.
  const proxy = await mainnetShapedProxy(world, UNLIMITED_UNITS, 0);
  const mainnet = await (async () => {
    try {
      const settings = demoSettings(world);
      settings.nodes = settings.nodes.map((node) => ({ ...node, url: proxy.url }));
      return await measureQueryLoad(executable, { settings, kpis: KPIS.map((k) => k.id), hours: 30 * 24 });
    } finally {
      await proxy.close();
    }
  })();
  const mainnetFailed = mainnet.requests.reduce((n, r) => n + r.failed, 0);
  return [
    { figure: 'backend: executable size', value: `${(start.bytes / MIB).toFixed(0)} MiB`, goal: '', met: undefined },
    {
      figure: 'backend: spawn → handshake line, median of 10',
      value: `${start.medianMs.toFixed(0)} ms`,
      goal: '≤ 300 ms',
      met: start.medianMs <= 300,
    },
    {
      figure: `backend: peak RSS answering every KPI (instant and range, 30 days; ${failed} queries failed)`,
      value: `${(load.peakRssBytes / MIB).toFixed(0)} MiB${peakSplit(load.atPeak)}`,
      goal: '≤ 150 MB',
      met: load.peakRssBytes <= 150e6,
    },
    {
      figure: `backend: peak RSS answering every KPI over a month at mainnet density (the provider proxy with no latency or budget; ${mainnetFailed} queries failed)`,
      value: `${(mainnet.peakRssBytes / MIB).toFixed(0)} MiB${peakSplit(mainnet.atPeak)}`,
      goal: '≤ 150 MB',
      met: mainnet.peakRssBytes <= 150e6,
    },
    ...load.requests.map((r) => ({
      figure: `backend: QueryData, every KPI, ${r.mode}`,
      value: `${(r.ms / 1000).toFixed(2)} s`,
      goal: '',
      met: undefined,
    })),
  ];
}
