/**
 * Joins identical concurrent reads: while a read for a key is pending, later callers get the same
 * promise instead of a second RPC. The entry is dropped as soon as the read settles, so a failure is
 * never remembered (the next caller starts afresh) and a success is the owner's to store.
 */
export interface Inflight {
  /** `joined` is true when the caller got a promise someone else started. */
  run<T>(key: string, start: () => Promise<T>): { promise: Promise<T>; joined: boolean };
  readonly size: number;
}

export function createInflight(): Inflight {
  const pending = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, start: () => Promise<T>) {
      const existing = pending.get(key);
      if (existing) {
        // Keys are scoped by the caller so that one key always carries one type.
        return { promise: existing as Promise<T>, joined: true };
      }
      const promise = invoke(start).finally(() => pending.delete(key));
      pending.set(key, promise);
      return { promise, joined: false };
    },
    get size() {
      return pending.size;
    },
  };
}

/** A loader that throws synchronously must still reject, not escape the join. */
function invoke<T>(start: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error);
  }
}
