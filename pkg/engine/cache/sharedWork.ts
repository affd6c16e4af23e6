/**
 * Work the queries of one data source share: the first caller of a key starts it, a caller of the same
 * key joins it while it runs, and gets its value from memory while it is among the most recent kept
 * (bounded in entries and approximate bytes, least recently used first out). A key must name
 * everything the work's value depends on (e.g. a block range and the hash of its last block), so that
 * a kept value is exactly what the work would compute again.
 *
 * Why: Grafana asks the same inputs many times over — an alert rule's warning and critical queries
 * read the same KPI over the same range, KPIs of one area read the same activity — and decoding a
 * month of logs and receipts again for each cost most of an alert cycle (immutable reads are already
 * kept raw by sources/rpc/chainReads.ts; this keeps what was made of them).
 *
 * Cancellation: the work gets a signal of its own, aborted only once every caller still waiting for
 * it has cancelled (each through its own signal); a caller that cancels stops waiting at once. A
 * caller without a signal never cancels, so work it waits for always runs to its end. Work that
 * failed or was stopped is not kept: the next caller starts afresh.
 */
import { queryCancelled } from '../concurrency/cancel';
import { positiveOption } from './positiveOption';
import { approximateBytes } from './sizeOf';

export interface SharedWorkOptions {
  /** Most values kept (default 256). */
  maxEntries?: number;
  /** Approximate bytes kept, as estimated by sizeOf.ts (default 8 MiB). */
  maxBytes?: number;
}

export interface SharedWorkStats {
  /** Answered from a kept value. */
  hits: number;
  /** Joined work in flight. */
  joins: number;
  /** Work started. */
  runs: number;
  /** Work stopped because every caller cancelled. */
  stopped: number;
  entries: number;
  bytes: number;
  inflight: number;
}

export interface SharedWork {
  /** `work`'s value for `key`: kept, joined, or computed now. */
  run<T>(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  stats(): SharedWorkStats;
}

interface Running {
  value: Promise<unknown>;
  controller: AbortController;
  callers: number;
  settled: boolean;
}

interface Kept {
  value: unknown;
  bytes: number;
}

const DEFAULT_MAX_ENTRIES = 256;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export function createSharedWork(options: SharedWorkOptions = {}): SharedWork {
  const maxEntries = positiveOption('engine', 'maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES, 'shared work: ');
  const maxBytes = positiveOption('engine', 'maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES, 'shared work: ');
  const kept = new Map<string, Kept>();
  const running = new Map<string, Running>();
  const counters = { hits: 0, joins: 0, runs: 0, stopped: 0 };
  let bytes = 0;

  const keep = (key: string, value: unknown) => {
    const entry = { value, bytes: approximateBytes(value) + key.length * 2 };
    if (entry.bytes > maxBytes) {
      return;
    }
    kept.set(key, entry);
    bytes += entry.bytes;
    // A Map iterates in insertion order: re-inserting on every hit makes its first key the LRU one.
    for (const [oldKey, old] of kept) {
      if (kept.size <= maxEntries && bytes <= maxBytes) {
        break;
      }
      kept.delete(oldKey);
      bytes -= old.bytes;
    }
  };

  const start = (key: string, work: (signal: AbortSignal) => Promise<unknown>): Running => {
    const controller = new AbortController();
    counters.runs++;
    const value = (async () => work(controller.signal))();
    const own: Running = { value, controller, callers: 0, settled: false };
    running.set(key, own);
    value.then(
      (result) => {
        own.settled = true;
        if (running.get(key) === own) {
          running.delete(key);
          keep(key, result);
        }
      },
      () => {
        own.settled = true;
        if (running.get(key) === own) {
          running.delete(key);
        }
      }
    );
    return own;
  };

  /** A caller gave up: the last one stops the work, and it is forgotten (never kept). */
  const leave = (key: string, own: Running) => {
    own.callers--;
    if (own.callers > 0 || own.settled) {
      return;
    }
    if (running.get(key) === own) {
      running.delete(key);
    }
    counters.stopped++;
    own.controller.abort();
  };

  return {
    run<T>(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) {
        return Promise.reject(queryCancelled());
      }
      const found = kept.get(key);
      if (found) {
        counters.hits++;
        kept.delete(key);
        kept.set(key, found);
        return Promise.resolve(found.value as T);
      }
      let own = running.get(key);
      if (own) {
        counters.joins++;
      } else {
        own = start(key, work);
      }
      own.callers++;
      const value = own.value as Promise<T>;
      if (!signal) {
        return value;
      }
      const joined = own;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          leave(key, joined);
          reject(queryCancelled());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        value.then(
          (result) => {
            signal.removeEventListener('abort', onAbort);
            resolve(result);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          }
        );
      });
    },
    stats: () => ({ ...counters, entries: kept.size, bytes, inflight: running.size }),
  };
}
