import { gridBlocks, gridStep } from './blockGrid';

describe('the sampling grid of a long window', () => {
  it('reads the multiples of the smallest power of two that keeps within the budget', () => {
    // 1,000 blocks, 100 allowed: at least 10 apart, so every 16th: 1008, 1024, …, 1984 = 62 blocks.
    expect(gridStep(1000n, 100)).toBe(16n);
    const blocks = gridBlocks(1000n, 1999n, 100);
    expect(blocks[0]).toBe(1008n);
    expect(blocks[blocks.length - 1]).toBe(1984n);
    expect(blocks).toHaveLength(62);
    expect(blocks.every((n) => n % 16n === 0n)).toBe(true);
  });

  it('stays within the budget at every length, however the window sits', () => {
    for (const [first, count, budget] of [
      [0n, 1n, 1],
      [7n, 2n, 1],
      [123_457n, 216_000n, 1_800],
      [5n, 4097n, 64],
    ] as const) {
      expect(gridBlocks(first, first + count - 1n, budget).length).toBeLessThanOrEqual(budget);
    }
  });

  it('gives a moved window of the same length the same blocks but for its edges', () => {
    // A 30-day mainnet window (216,000 blocks of 12 s) read with 1,800 blocks, moved by 30 minutes (150
    // blocks): the step is 128, so at most two samples (150 / 128, rounded up) are new.
    const before = gridBlocks(20_000_000n, 20_215_999n, 1_800);
    const after = new Set(gridBlocks(20_000_150n, 20_216_149n, 1_800));
    const fresh = [...after].filter((n) => !before.includes(n));
    expect(gridStep(216_000n, 1_800)).toBe(128n);
    expect(fresh.length).toBeLessThanOrEqual(2);
    expect(fresh.length).toBeGreaterThan(0);
  });

  it('reads nothing in an empty span', () => {
    expect(gridBlocks(10n, 9n, 5)).toEqual([]);
  });
});
