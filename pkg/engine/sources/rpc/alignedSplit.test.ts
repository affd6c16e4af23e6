import { alignedSplit } from './alignedSplit';

describe('alignedSplit', () => {
  it('splits before the multiple of the largest power of two, so a window moved at its end splits as before', () => {
    expect(alignedSplit(100n, 200n)).toBe(127n);
    expect(alignedSplit(100n, 201n)).toBe(127n);
    expect(alignedSplit(128n, 200n)).toBe(191n);
    expect(alignedSplit(0n, 1n)).toBe(0n);
    expect(alignedSplit(5n, 6n)).toBe(5n);
    expect(alignedSplit(6n, 7n)).toBe(6n);
  });
});
