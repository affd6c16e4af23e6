/**
 * Runs an engine's queries at most `limit` at a time (the rest wait their turn, first come first
 * served) and joins a query identical to one already running or waiting.
 *
 * Why: one 30-day query over every KPI holds ~50 MB of live heap while it runs. Grafana sends a
 * dashboard's panels, and alerting its rules, side by side; a hundred of them at once must not
 * hold a hundred times that (the backend's memory goal is 150 MB), and the node answers no faster
 * for being asked everything at once. Identical queries (a panel repeated, a rule and its panel)
 * are answered once.
 *
 * Cancellation: each caller may pass its own signal. A caller that cancels gets the cancellation at
 * once and stops waiting; the work itself is told to stop (its signal aborts) only when every caller
 * of it has cancelled, and then it is forgotten, so an identical query asked afterwards starts afresh
 * rather than joining work that is stopping. A query cancelled while it waits for a slot never starts.
 */
import { queryCancelled, throwIfCancelled } from './cancel';

export interface QueryGate {
  /**
   * `fn`'s answer, shared with identical queries (same `key`) in flight. `fn` gets a signal that
   * aborts once every caller of this key has cancelled (through its `signal`).
   */
  run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Queries running and waiting now, joined so far, and stopped because every caller cancelled (for metrics and tests). */
  stats(): { running: number; waiting: number; joined: number; cancelled: number };
}

/** One query's work and how many callers still wait for it. */
interface Shared {
  answer: Promise<unknown>;
  controller: AbortController;
  callers: number;
}

export function createQueryGate(limit: number): QueryGate {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`createQueryGate: limit must be a positive integer, got ${limit}`);
  }
  const pending = new Map<string, Shared>();
  const queue: Array<() => void> = [];
  let running = 0;
  let joined = 0;
  let cancelled = 0;

  /** A slot, or the cancellation when `signal` aborts first (the query then leaves the queue). */
  const acquire = (signal: AbortSignal): Promise<void> => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    // The slot passes straight from the releasing query to this one: `running` stays counted.
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = queue.indexOf(take);
        if (at >= 0) {
          queue.splice(at, 1);
        }
        reject(queryCancelled());
      };
      const take = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      queue.push(take);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  const release = () => {
    const next = queue.shift();
    if (next) {
      next();
    } else {
      running--;
    }
  };

  const start = (key: string, fn: (signal: AbortSignal) => Promise<unknown>): Shared => {
    const controller = new AbortController();
    const answer = (async () => {
      await acquire(controller.signal);
      try {
        throwIfCancelled(controller.signal);
        return await fn(controller.signal);
      } finally {
        release();
      }
    })();
    const shared: Shared = { answer, controller, callers: 0 };
    pending.set(key, shared);
    // Settled either way: the next identical query reads afresh (a failure is not kept).
    const forget = () => {
      if (pending.get(key) === shared) {
        pending.delete(key);
      }
    };
    answer.then(forget, forget);
    return shared;
  };

  /** A caller gave up: the last one to leave stops the work and forgets it. */
  const leave = (key: string, shared: Shared) => {
    shared.callers--;
    if (shared.callers > 0) {
      return;
    }
    if (pending.get(key) === shared) {
      pending.delete(key);
    }
    cancelled++;
    shared.controller.abort();
  };

  return {
    run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) {
        return Promise.reject(queryCancelled());
      }
      let shared = pending.get(key);
      if (shared) {
        joined++;
      } else {
        shared = start(key, fn);
      }
      shared.callers++;
      const answer = shared.answer as Promise<T>;
      if (!signal) {
        // This caller never cancels: the work runs on for it whatever the others do.
        return answer;
      }
      const own = shared;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          leave(key, own);
          reject(queryCancelled());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        answer.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          }
        );
      });
    },
    stats: () => ({ running, waiting: queue.length, joined, cancelled }),
  };
}
