import { createQueryGate } from './queryGate';

/** A job that finishes when told to. */
function job<T>(value: T) {
  let finish: () => void = () => undefined;
  const started = jest.fn();
  const fn = jest.fn(async () => {
    started();
    await new Promise<void>((resolve) => (finish = resolve));
    return value;
  });
  return { fn, started, finish: () => finish() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createQueryGate', () => {
  it('runs at most `limit` queries at once and starts the waiting ones in arrival order', async () => {
    const gate = createQueryGate(2);
    const [a, b, c, d] = [job('a'), job('b'), job('c'), job('d')];
    const answers = [gate.run('a', a.fn), gate.run('b', b.fn), gate.run('c', c.fn), gate.run('d', d.fn)];
    await tick();
    expect([a, b, c, d].map((j) => j.started.mock.calls.length)).toEqual([1, 1, 0, 0]);
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 2 });
    b.finish();
    await tick();
    expect(c.started).toHaveBeenCalledTimes(1);
    expect(d.started).not.toHaveBeenCalled();
    a.finish();
    c.finish();
    await tick();
    d.finish();
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('answers an identical query in flight once, and reads afresh after it settled', async () => {
    const gate = createQueryGate(1);
    const first = job(1);
    const one = gate.run('same', first.fn);
    const two = gate.run(
      'same',
      jest.fn(async () => 2)
    );
    await tick();
    first.finish();
    expect(await Promise.all([one, two])).toEqual([1, 1]);
    expect(first.fn).toHaveBeenCalledTimes(1);
    expect(gate.stats().joined).toBe(1);
    expect(await gate.run('same', async () => 3)).toBe(3);
  });

  it('frees the slot of a failed query and does not keep the failure', async () => {
    const gate = createQueryGate(1);
    await expect(gate.run('k', async () => Promise.reject(new Error('node down')))).rejects.toThrow('node down');
    expect(await gate.run('k', async () => 'ok')).toBe('ok');
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  describe('cancellation', () => {
    /** A job that records the signal it was given and finishes when told to. */
    function watched<T>(value: T) {
      const seen: AbortSignal[] = [];
      let finish: () => void = () => undefined;
      const fn = jest.fn(async (signal: AbortSignal) => {
        seen.push(signal);
        await new Promise<void>((resolve) => (finish = resolve));
        return value;
      });
      return { fn, seen, finish: () => finish() };
    }

    it('stops a query its only caller cancelled: the caller gets the cancellation at once, the work its signal', async () => {
      const gate = createQueryGate(1);
      const work = watched('a');
      const caller = new AbortController();
      const answer = gate.run('k', work.fn, caller.signal);
      await tick();
      expect(work.seen[0].aborted).toBe(false);
      caller.abort();
      await expect(answer).rejects.toMatchObject({ kind: 'cancelled' });
      expect(work.seen[0].aborted).toBe(true);
      expect(gate.stats().cancelled).toBe(1);
      work.finish();
    });

    it('keeps a joined query running until every caller cancelled', async () => {
      const gate = createQueryGate(1);
      const work = watched('shared');
      const [one, two, three] = [new AbortController(), new AbortController(), new AbortController()];
      const answers = [one, two, three].map((c) => gate.run('k', work.fn, c.signal));
      await tick();
      expect(work.fn).toHaveBeenCalledTimes(1);
      one.abort();
      two.abort();
      await expect(answers[0]).rejects.toMatchObject({ kind: 'cancelled' });
      await expect(answers[1]).rejects.toMatchObject({ kind: 'cancelled' });
      expect(work.seen[0].aborted).toBe(false);
      work.finish();
      expect(await answers[2]).toBe('shared');
      three.abort(); // after the answer: nothing left to stop
      expect(work.seen[0].aborted).toBe(false);
      expect(gate.stats()).toMatchObject({ cancelled: 0, running: 0 });
    });

    it('never stops work a caller without a signal waits for', async () => {
      const gate = createQueryGate(1);
      const work = watched(7);
      const cancelling = new AbortController();
      const first = gate.run('k', work.fn, cancelling.signal);
      const second = gate.run('k', work.fn);
      await tick();
      cancelling.abort();
      await expect(first).rejects.toMatchObject({ kind: 'cancelled' });
      expect(work.seen[0].aborted).toBe(false);
      work.finish();
      expect(await second).toBe(7);
    });

    it('starts an identical query afresh after every caller of the first cancelled', async () => {
      const gate = createQueryGate(2);
      const first = watched('old');
      const caller = new AbortController();
      const cancelled = gate.run('k', first.fn, caller.signal);
      await tick();
      caller.abort();
      await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
      const again = gate.run('k', async () => 'new');
      expect(await again).toBe('new');
      first.finish();
    });

    it('never starts a query cancelled while it waits for a slot, and frees its place in the queue', async () => {
      const gate = createQueryGate(1);
      const busy = watched('busy');
      const waiting = watched('never');
      const last = watched('last');
      const held = gate.run('busy', busy.fn);
      const caller = new AbortController();
      const cancelled = gate.run('waiting', waiting.fn, caller.signal);
      const after = gate.run('last', last.fn);
      await tick();
      expect(gate.stats()).toMatchObject({ running: 1, waiting: 2 });
      caller.abort();
      await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
      expect(gate.stats()).toMatchObject({ running: 1, waiting: 1 });
      busy.finish();
      await held;
      await tick();
      expect(waiting.fn).not.toHaveBeenCalled();
      expect(last.fn).toHaveBeenCalledTimes(1);
      last.finish();
      expect(await after).toBe('last');
      expect(gate.stats()).toMatchObject({ running: 0, waiting: 0 });
    });

    it('refuses a caller whose signal aborted before it asked, without starting anything', async () => {
      const gate = createQueryGate(1);
      const fn = jest.fn(async () => 1);
      await expect(gate.run('k', fn, AbortSignal.abort())).rejects.toMatchObject({ kind: 'cancelled' });
      expect(fn).not.toHaveBeenCalled();
    });
  });
});
