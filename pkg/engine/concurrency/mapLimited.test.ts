import { mapLimited } from './mapLimited';

/** A call that resolves when told to, recording how many calls run at once. */
function tracker() {
  let running = 0;
  let most = 0;
  const call = async (value: number) => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, value % 3));
    running--;
    return value * 10;
  };
  return { call, most: () => most };
}

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    const t = tracker();
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(await mapLimited(items, 4, t.call)).toEqual(items.map((i) => i * 10));
    expect(t.most()).toBe(4);
  });

  it('answers an empty list without calling', async () => {
    const fn = jest.fn(async () => 1);
    expect(await mapLimited([], 3, fn)).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const failing = mapLimited([1, 2, 3, 4, 5, 6], 1, async (n) => {
      started.push(n);
      if (n === 2) {
        throw new Error('boom at 2');
      }
      return n;
    });
    await expect(failing).rejects.toThrow('boom at 2');
    expect(started).toEqual([1, 2]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(mapLimited([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});
