/**
 * Runs an engine's queries at most `limit` at a time (the rest wait their turn, first come first
 * served) and joins a query identical to one already running or waiting.
 *
 * Why: one 30-day query over every KPI holds ~50 MB of live heap while it runs. Grafana sends a
 * dashboard's panels, and alerting its rules, side by side; a hundred of them at once must not
 * hold a hundred times that (the backend's memory goal is 150 MB), and the node answers no faster
 * for being asked everything at once. Identical queries (a panel repeated, a rule and its panel)
 * are answered once.
 */
export interface QueryGate {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Queries running and waiting now (for metrics and tests). */
  stats(): { running: number; waiting: number; joined: number };
}

export function createQueryGate(limit: number): QueryGate {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`createQueryGate: limit must be a positive integer, got ${limit}`);
  }
  const pending = new Map<string, Promise<unknown>>();
  const queue: Array<() => void> = [];
  let running = 0;
  let joined = 0;

  const acquire = async () => {
    if (running < limit) {
      running++;
      return;
    }
    // The slot passes straight from the releasing query to this one: `running` stays counted.
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) {
      next();
    } else {
      running--;
    }
  };

  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const same = pending.get(key);
      if (same) {
        joined++;
        return same as Promise<T>;
      }
      const run = (async () => {
        await acquire();
        try {
          return await fn();
        } finally {
          release();
        }
      })();
      pending.set(key, run);
      // Settled either way: the next identical query reads afresh (a failure is not kept).
      const forget = () => {
        if (pending.get(key) === run) {
          pending.delete(key);
        }
      };
      run.then(forget, forget);
      return run;
    },
    stats: () => ({ running, waiting: queue.length, joined }),
  };
}
