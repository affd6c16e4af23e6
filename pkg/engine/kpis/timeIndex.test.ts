import { countIn, itemsIn, lastAtOrBefore, sortedByTime, timeMsOf, timeOfNumber } from './timeIndex';

const at = (timeMs: number, id: string) => ({ timeMs, id });

describe('time index', () => {
  it('takes fromMs ≤ time < toMs, in time order, keeping the order of equal times', () => {
    const items = [at(30, 'c'), at(10, 'a'), at(20, 'b1'), at(40, 'd'), at(20, 'b2')];
    expect(itemsIn(items, timeMsOf, { fromMs: 20, toMs: 40 }).map((i) => i.id)).toEqual(['b1', 'b2', 'c']);
    expect(itemsIn(items, timeMsOf, { fromMs: 41, toMs: 50 })).toEqual([]);
    expect(itemsIn(items, timeMsOf, { fromMs: 0, toMs: 10 })).toEqual([]);
    expect(items.map((i) => i.id)).toEqual(['c', 'a', 'b1', 'd', 'b2']);
  });

  it('finds the latest item at or before a time', () => {
    const items = [at(10, 'a'), at(20, 'b1'), at(20, 'b2'), at(30, 'c')];
    expect(lastAtOrBefore(items, timeMsOf, 20)?.id).toBe('b2');
    expect(lastAtOrBefore(items, timeMsOf, 29)?.id).toBe('b2');
    expect(lastAtOrBefore(items, timeMsOf, 9)).toBeUndefined();
    expect(lastAtOrBefore(items, timeMsOf, 1e9)?.id).toBe('c');
  });

  it('agrees with a plain filter (and its count) on random data', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const times = Array.from({ length: 500 }, () => Math.floor(random() * 1000));
    for (let k = 0; k < 200; k++) {
      const fromMs = Math.floor(random() * 1100) - 50;
      const toMs = fromMs + Math.floor(random() * 300);
      const expected = times.filter((t) => t >= fromMs && t < toMs).sort((a, b) => a - b);
      expect(itemsIn(times, timeOfNumber, { fromMs, toMs })).toEqual(expected);
      expect(countIn(times, timeOfNumber, { fromMs, toMs })).toBe(expected.length);
    }
  });

  it('reuses a sorted array as its own view and rebuilds a view when the array grew', () => {
    const sorted = [at(1, 'a'), at(2, 'b')];
    expect(sortedByTime(sorted, timeMsOf)).toBe(sorted);
    const grown = [at(5, 'x')];
    expect(itemsIn(grown, timeMsOf, { fromMs: 0, toMs: 10 })).toHaveLength(1);
    grown.push(at(3, 'y'));
    expect(itemsIn(grown, timeMsOf, { fromMs: 0, toMs: 10 }).map((i) => i.id)).toEqual(['y', 'x']);
  });
});
