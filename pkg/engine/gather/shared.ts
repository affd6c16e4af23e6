/**
 * Chain reads a query shares with the data source's other queries (cache/sharedWork.ts), for reads
 * whose result is a function of the chain up to a block: keyed by what they read (a span and its last
 * block's hash, stateBlocks.ts ChainSpan) and by their parameters, never by the query's time window.
 */
import { createHash } from 'node:crypto';

import type { GatherContext } from './context';

/**
 * `read`'s answer for `key`, computed once for every query of the data source that asks it (in a
 * context of its own, cancelled only when all of them have been); read by this query alone when the
 * engine shares nothing.
 */
export function sharedRead<T>(ctx: GatherContext, key: string, read: (ctx: GatherContext) => Promise<T>): Promise<T> {
  return ctx.share ? ctx.share(key, read) : read(ctx);
}

/** A short, exact name for a set of strings (e.g. the order hashes a fill read keeps), whatever its order. */
export function digestOf(values: Iterable<string>): string {
  const sorted = [...new Set([...values].map((v) => v.toLowerCase()))].sort();
  return createHash('sha256').update(sorted.join(',')).digest('base64url');
}
