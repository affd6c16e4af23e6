import { firstBlockWhere } from './firstBlockWhere';

describe('firstBlockWhere', () => {
  it('finds the first block of every position in a range, in about log2(range) probes', async () => {
    for (const first of [1n, 2n, 500n, 999_999n, 1_000_000n]) {
      let probes = 0;
      const found = await firstBlockWhere(
        async (block) => {
          probes++;
          return block >= first;
        },
        0n,
        1_000_000n
      );
      expect(found).toBe(first);
      expect(probes).toBeLessThanOrEqual(20); // ⌈log2(1,000,000)⌉
    }
  });
});
