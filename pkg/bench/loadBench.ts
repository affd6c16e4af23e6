/**
 * Load figures for `npm run bench`: 100 concurrent QueryData requests of mixed KPIs against the
 * backend executable over the demo world (loadRun.ts), cold and again as a refresh, with the process's
 * peak RSS and its block cache's hit rate.
 */
import { demoSettings } from '../demo/datasourceSettings';
import type { DemoWorld } from '../demo/demoWorld';
import type { BenchRow } from './demoWorld';
import { runLoad } from './loadRun';

const MIB = 2 ** 20;

export async function benchLoad(world: DemoWorld): Promise<BenchRow[]> {
  const blocks = world.record.blocks;
  const load = await runLoad({
    settings: demoSettings(world),
    range: { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 },
  });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const what = `${load.requests} concurrent QueryData, mixed KPIs (${load.backend.replace(/^.*\//, '')})`;
  return [
    {
      figure: `load: ${what}, answered without error`,
      value: `${load.answered - load.queryErrors.length} of ${load.requests}`,
      goal: `${load.requests} of ${load.requests}`,
      met: load.answered === load.requests && load.queryErrors.length === 0,
    },
    {
      figure: 'load: latency p50 / p95, cold cache',
      value: `${s(load.p50Ms)} / ${s(load.p95Ms)}`,
      goal: '',
      met: undefined,
    },
    {
      figure: 'load: latency p50 / p95, the same requests again (refresh)',
      value: `${s(load.warm.p50Ms)} / ${s(load.warm.p95Ms)}`,
      goal: '',
      met: undefined,
    },
    {
      figure: 'load: backend peak RSS',
      value: `${(load.peakRssBytes / MIB).toFixed(0)} MiB`,
      goal: '≤ 150 MB',
      met: load.peakRssBytes <= 150e6,
    },
    {
      figure: `load: block cache hit rate (hits + joined reads ÷ all; ${load.cacheHits} hits, ${load.cacheJoins} joins, ${load.cacheMisses} misses)`,
      value: load.cacheHitRate === undefined ? 'n/a' : `${(load.cacheHitRate * 100).toFixed(1)} %`,
      goal: '',
      met: undefined,
    },
  ];
}
