/**
 * Values read at a block, keyed by the block HASH: state at a block never changes, and a reorg gives
 * the block at that height a new hash, so a value read under the orphaned hash can never be served for
 * the new block (it simply ages out of the LRU). One cache is shared by all concurrent queries;
 * identical reads in flight are joined, failures are not stored, and a read joined from a query that
 * was then cancelled is read again by the joiner (its cancellation is not the joiner's answer).
 */
import { isCancelled } from '../concurrency/cancel';
import { createInflight } from './inflight';
import { positiveOption } from './positiveOption';
import { approximateBytes } from './sizeOf';

export interface BlockCacheOptions {
  /** Most entries kept (default 50,000). */
  maxEntries?: number;
  /** Approximate bytes kept, as estimated by `sizeOf` (default 16 MiB: a 30-day mainnet month's states take ~5.3). */
  maxBytes?: number;
}

export interface BlockCacheStats {
  hits: number;
  misses: number;
  /** Calls that shared a read already in flight (neither a hit nor a new read). */
  joins: number;
  evictions: number;
  /** Values bigger than the whole byte budget: returned but never stored. */
  oversized: number;
  entries: number;
  bytes: number;
  inflight: number;
}

export interface BlockCache {
  /**
   * The value of `key` at block `blockHash`, from memory or by `load`. A given `key` must always load
   * the same type (the cache stores values untyped). `sizeOf` defaults to a rough structural estimate.
   */
  get<T>(blockHash: string, key: string, load: () => Promise<T>, sizeOf?: (value: T) => number): Promise<T>;
  stats(): BlockCacheStats;
  clear(): void;
}

interface Entry {
  value: unknown;
  bytes: number;
}

const DEFAULT_MAX_ENTRIES = 50_000;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export function createBlockCache(options: BlockCacheOptions = {}): BlockCache {
  const maxEntries = positiveOption('blockCache', 'maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const maxBytes = positiveOption('blockCache', 'maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
  // A Map iterates in insertion order: re-inserting on every hit makes its first key the LRU one.
  const entries = new Map<string, Entry>();
  const inflight = createInflight();
  const counters = { hits: 0, misses: 0, joins: 0, evictions: 0, oversized: 0 };
  let bytes = 0;

  const remove = (id: string, entry: Entry) => {
    entries.delete(id);
    bytes -= entry.bytes;
  };

  const store = (id: string, entry: Entry) => {
    if (entry.bytes > maxBytes) {
      counters.oversized++;
      return;
    }
    const previous = entries.get(id);
    if (previous) {
      remove(id, previous);
    }
    entries.set(id, entry);
    bytes += entry.bytes;
    for (const [oldId, old] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) {
        break;
      }
      remove(oldId, old);
      counters.evictions++;
    }
  };

  const get = <T>(
    blockHash: string,
    key: string,
    load: () => Promise<T>,
    sizeOf?: (value: T) => number
  ): Promise<T> => {
    // Hashes arrive checksummed or not depending on the source; the NUL cannot occur in either part.
    const id = `${blockHash.toLowerCase()}\u0000${key}`;
    const entry = entries.get(id);
    if (entry) {
      counters.hits++;
      entries.delete(id);
      entries.set(id, entry);
      return Promise.resolve(entry.value as T);
    }
    const { promise, joined } = inflight.run(id, async () => {
      const value = await load();
      store(id, { value, bytes: Math.max(0, sizeOf ? sizeOf(value) : approximateBytes(value)) + id.length * 2 });
      return value;
    });
    if (!joined) {
      counters.misses++;
      return promise;
    }
    counters.joins++;
    // The read joined belongs to another query: if that query was cancelled, its read stopped
    // half-way, which says nothing of this block; this caller reads for itself.
    return promise.catch((error: unknown) => {
      if (isCancelled(error)) {
        return get(blockHash, key, load, sizeOf);
      }
      throw error;
    });
  };

  return {
    get,
    stats() {
      return { ...counters, entries: entries.size, bytes, inflight: inflight.size };
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
