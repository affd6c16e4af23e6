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
});
