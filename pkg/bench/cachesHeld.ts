/** What an engine's caches hold, for a bench row: how full they are and with what. */
import type { Engine } from '../engine/engine';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The store's content by method, biggest first: what a full store is full of. */
function keptByMethod(kept: Record<string, { entries: number; bytes: number }>): string {
  return Object.entries(kept)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([method, row]) => `${mib(row.bytes)} in ${row.entries} ${method}`)
    .join(', ');
}

export function cachesHeld(engine: Engine): string {
  const reads = engine.chainReadStats();
  const states = engine.cacheStats();
  const answers = reads
    ? `unchanging answers ${reads.entries}, ${mib(reads.bytes)} (${keptByMethod(reads.kept)}; ${reads.hits} hits, ` +
      `${reads.misses} reads, ${reads.checks} chain checks, ${reads.evictions} pushed out)`
    : 'no unchanging answers kept';
  const decoded =
    `decoded states ${states.entries}, ${mib(states.bytes)} (${states.hits} hits, ${states.misses} reads, ` +
    `${states.evictions} pushed out)`;
  const shared = engine.sharedStats();
  const work = (name: string, stats: { entries: number; bytes: number; hits: number; runs: number }) =>
    `${name} ${stats.entries}, ${mib(stats.bytes)} (${stats.hits} hits, ${stats.runs} runs)`;
  return `${answers}; ${decoded}; ${work('shared reads', shared.reads)}; ${work('datasets', shared.datasets)}`;
}
