import { PmmError } from '../../../src/core/errors';
import { queryCancelled } from '../concurrency/cancel';
import { createBlockCache } from './blockCache';
import { approximateBytes } from './sizeOf';

const HASH_A = '0xaaaa';
const HASH_B = '0xbbbb';

/** A loader that counts its calls and resolves with `value`. */
function counted<T>(value: T) {
  return jest.fn(async () => value);
}

/** A promise resolved from outside, to hold a read in flight. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createBlockCache', () => {
  it('serves a second read of the same hash and key from memory', async () => {
    const cache = createBlockCache();
    const load = counted(42n);
    expect(await cache.get(HASH_A, 'balance', load)).toBe(42n);
    expect(await cache.get(HASH_A, 'balance', load)).toBe(42n);
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, joins: 0, entries: 1 });
  });

  it('treats hashes case-insensitively and keys as distinct', async () => {
    const cache = createBlockCache();
    await cache.get('0xAbCd', 'k', counted(1));
    const again = counted(2);
    expect(await cache.get('0xabcd', 'k', again)).toBe(1);
    expect(await cache.get('0xabcd', 'other', again)).toBe(2);
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('reloads the same key under a new hash after a reorg', async () => {
    const cache = createBlockCache();
    await cache.get(HASH_A, 'price', counted(100));
    const afterReorg = counted(101);
    expect(await cache.get(HASH_B, 'price', afterReorg)).toBe(101);
    expect(afterReorg).toHaveBeenCalledTimes(1);
    expect(await cache.get(HASH_A, 'price', counted(0))).toBe(100);
  });

  it('joins concurrent reads of the same key into one load', async () => {
    const cache = createBlockCache();
    const gate = deferred<string>();
    const load = jest.fn(() => gate.promise);
    const first = cache.get(HASH_A, 'k', load);
    const second = cache.get(HASH_A, 'k', load);
    expect(cache.stats()).toMatchObject({ misses: 1, joins: 1, inflight: 1 });
    gate.resolve('v');
    await expect(Promise.all([first, second])).resolves.toEqual(['v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ entries: 1, inflight: 0 });
  });

  it('does not cache a failed read: joined callers fail, the next call retries', async () => {
    const cache = createBlockCache();
    const gate = deferred<number>();
    const failing = jest.fn(() => gate.promise);
    const first = cache.get(HASH_A, 'k', failing);
    const second = cache.get(HASH_A, 'k', failing);
    gate.reject(new Error('rpc down'));
    await expect(first).rejects.toThrow('rpc down');
    await expect(second).rejects.toThrow('rpc down');
    expect(cache.stats()).toMatchObject({ entries: 0, inflight: 0 });

    const retry = counted(7);
    expect(await cache.get(HASH_A, 'k', retry)).toBe(7);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('turns a loader that throws synchronously into a rejection', async () => {
    const cache = createBlockCache();
    const load = (): Promise<number> => {
      throw new Error('sync');
    };
    await expect(cache.get(HASH_A, 'k', load)).rejects.toThrow('sync');
    expect(cache.stats().inflight).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createBlockCache({ maxEntries: 2 });
    await cache.get(HASH_A, 'a', counted('a'));
    await cache.get(HASH_A, 'b', counted('b'));
    await cache.get(HASH_A, 'a', counted('unused')); // a is now the most recent
    await cache.get(HASH_A, 'c', counted('c'));
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
    const reloadB = counted('b2');
    expect(await cache.get(HASH_A, 'b', reloadB)).toBe('b2');
    expect(reloadB).toHaveBeenCalledTimes(1);
    // Reloading b evicted a (then the LRU); c, used after a, is still served from memory.
    expect(await cache.get(HASH_A, 'c', counted('c2'))).toBe('c');
  });

  it('evicts to stay within the byte budget and never stores an oversized value', async () => {
    const size = () => 400;
    const cache = createBlockCache({ maxBytes: 1_000 });
    await cache.get(HASH_A, 'a', counted(1), size);
    await cache.get(HASH_A, 'b', counted(2), size);
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 0 });
    await cache.get(HASH_A, 'c', counted(3), size);
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(1_000);

    expect(await cache.get(HASH_A, 'huge', counted(4), () => 5_000)).toBe(4);
    expect(cache.stats()).toMatchObject({ entries: 2, oversized: 1 });
  });

  it('clears all entries', async () => {
    const cache = createBlockCache();
    await cache.get(HASH_A, 'a', counted(1));
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it("reads again for a joiner whose joined read was a cancelled query's, and keeps no cancellation", async () => {
    const cache = createBlockCache();
    let stop: (error: unknown) => void = () => undefined;
    const cancelledLoad = jest.fn(() => new Promise<number>((_, reject) => (stop = reject)));
    const first = cache.get(HASH_A, 'holdings', cancelledLoad);
    const ownLoad = counted(42);
    const joined = cache.get(HASH_A, 'holdings', ownLoad);
    // The first query's read is refused half-way, its cancellation wrapped as a source's error wraps it.
    stop(new PmmError('rpc', 'eth_call failed', { cause: queryCancelled() }));
    await expect(first).rejects.toThrow('eth_call failed');
    expect(await joined).toBe(42);
    expect(ownLoad).toHaveBeenCalledTimes(1);
    expect(await cache.get(HASH_A, 'holdings', counted(0))).toBe(42);
    expect(cache.stats()).toMatchObject({ joins: 1, hits: 1, entries: 1 });
  });

  it('passes on to a joiner any failure other than a cancellation', async () => {
    const cache = createBlockCache();
    const failing = cache.get(HASH_A, 'k', async () => Promise.reject(new PmmError('rpc', 'node down')));
    const joined = cache.get(HASH_A, 'k', counted(1));
    await expect(failing).rejects.toThrow('node down');
    await expect(joined).rejects.toThrow('node down');
  });

  it('rejects a nonsensical bound with a PmmError', () => {
    expect(() => createBlockCache({ maxEntries: 0 })).toThrow(PmmError);
  });
});

describe('approximateBytes', () => {
  it('grows with the size of the value', () => {
    const small = approximateBytes({ a: 1n });
    const large = approximateBytes({ a: 1n, list: Array.from({ length: 100 }, (_, i) => BigInt(i) << 200n) });
    expect(large).toBeGreaterThan(small * 10);
    expect(approximateBytes(new Uint8Array(1_000))).toBeGreaterThanOrEqual(1_000);
  });
});
