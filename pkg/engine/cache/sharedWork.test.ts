/** Work shared between queries: joined, kept, bounded, and stopped only when every waiter cancelled. */
import { createSharedWork } from './sharedWork';

/** Work that finishes when told to, counting its starts and seeing its signal. */
function work<T>(value: T) {
  let finish: () => void = () => undefined;
  let signal: AbortSignal | undefined;
  let starts = 0;
  const fn = async (given: AbortSignal): Promise<T> => {
    starts++;
    signal = given;
    await new Promise<void>((resolve) => (finish = resolve));
    return value;
  };
  return { fn, finish: () => finish(), starts: () => starts, signal: () => signal };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createSharedWork', () => {
  it('runs a key once for callers in flight and after, and each key on its own', async () => {
    const shared = createSharedWork();
    const a = work('a');
    const first = shared.run('k', a.fn);
    const second = shared.run('k', async () => 'not run');
    await tick();
    a.finish();
    expect(await Promise.all([first, second])).toEqual(['a', 'a']);
    // Kept: a later caller gets it without running anything.
    expect(await shared.run('k', async () => 'not run either')).toBe('a');
    expect(a.starts()).toBe(1);
    expect(await shared.run('other', async () => 'b')).toBe('b');
    expect(shared.stats()).toMatchObject({ runs: 2, joins: 1, hits: 1, entries: 2, inflight: 0 });
  });

  it('keeps no failure: the next caller runs the work again', async () => {
    const shared = createSharedWork();
    await expect(shared.run('k', async () => Promise.reject(new Error('node down')))).rejects.toThrow('node down');
    expect(await shared.run('k', async () => 'ok')).toBe('ok');
    expect(shared.stats()).toMatchObject({ runs: 2, entries: 1 });
  });

  it('keeps the most recently used values within its entries', async () => {
    const shared = createSharedWork({ maxEntries: 2 });
    await shared.run('a', async () => 1);
    await shared.run('b', async () => 2);
    // 'a' used again, so 'b' is the least recently used when 'c' comes.
    await shared.run('a', async () => -1);
    await shared.run('c', async () => 3);
    expect(await shared.run('a', async () => -1)).toBe(1);
    expect(await shared.run('b', async () => 20)).toBe(20);
    expect(shared.stats().entries).toBe(2);
  });

  it('keeps within its bytes: a value bigger than them is answered, not kept', async () => {
    const shared = createSharedWork({ maxBytes: 1_000 });
    const big = 'x'.repeat(1_000);
    expect(await shared.run('big', async () => big)).toBe(big);
    expect(await shared.run('big', async () => 'read again')).toBe('read again');
    expect(shared.stats().bytes).toBeLessThanOrEqual(1_000);
  });

  describe('cancellation', () => {
    it('a caller that cancels stops waiting, while the work runs on for the others', async () => {
      const shared = createSharedWork();
      const w = work('value');
      const leaving = new AbortController();
      const staying = new AbortController();
      const left = shared.run('k', w.fn, leaving.signal);
      const stayed = shared.run('k', async () => 'not run', staying.signal);
      await tick();
      leaving.abort();
      await expect(left).rejects.toMatchObject({ kind: 'cancelled' });
      expect(w.signal()?.aborted).toBe(false);
      w.finish();
      expect(await stayed).toBe('value');
      expect(w.starts()).toBe(1);
      expect(shared.stats()).toMatchObject({ stopped: 0, entries: 1 });
    });

    it('a caller without a signal keeps the work running whoever else cancels', async () => {
      const shared = createSharedWork();
      const w = work('value');
      const caller = new AbortController();
      const cancelled = shared.run('k', w.fn, caller.signal);
      const patient = shared.run('k', async () => 'not run');
      await tick();
      caller.abort();
      await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
      expect(w.signal()?.aborted).toBe(false);
      w.finish();
      expect(await patient).toBe('value');
    });

    it('stops the work once every caller cancelled, keeps nothing, and starts afresh for the next', async () => {
      const shared = createSharedWork();
      const w = work('stopped');
      const one = new AbortController();
      const two = new AbortController();
      const first = shared.run('k', w.fn, one.signal);
      const second = shared.run('k', async () => 'not run', two.signal);
      // Expected before anything can fail, so that no rejection goes unhandled.
      const outcomes = Promise.allSettled([first, second]);
      await tick();
      one.abort();
      expect(w.signal()?.aborted).toBe(false);
      two.abort();
      expect(w.signal()?.aborted).toBe(true);
      expect((await outcomes).map((o) => o.status === 'rejected' && o.reason.kind)).toEqual(['cancelled', 'cancelled']);
      // The stopped work finishing anyway is not kept, nor joined by the next caller.
      w.finish();
      await tick();
      expect(await shared.run('k', async () => 'afresh')).toBe('afresh');
      expect(shared.stats()).toMatchObject({ stopped: 1, runs: 2 });
    });

    it('refuses a caller already cancelled without starting anything', async () => {
      const shared = createSharedWork();
      const caller = new AbortController();
      caller.abort();
      const fn = jest.fn(async () => 'never');
      await expect(shared.run('k', fn, caller.signal)).rejects.toMatchObject({ kind: 'cancelled' });
      expect(fn).not.toHaveBeenCalled();
    });
  });
});
