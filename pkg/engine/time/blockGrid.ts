/**
 * Which blocks a long window reads when it has more blocks than a query may read: the multiples of a
 * power-of-two step inside it. The step depends only on the window's length and the budget, so a
 * dashboard refreshed a few minutes later (the same length, moved) asks for the same blocks again,
 * which the caches already hold, and reads only the few new ones at its end. An even spread from the
 * window's first block (what came before) moved every sample with the window.
 */

/** The smallest power of two ≥ n (n ≥ 1). */
function powerOfTwoAtLeast(n: bigint): bigint {
  let step = 1n;
  while (step < n) {
    step *= 2n;
  }
  return step;
}

/** The grid's step for `count` blocks and at most `budget` of them read: a power of two. */
export function gridStep(count: bigint, budget: number): bigint {
  const allowed = BigInt(Math.max(1, Math.floor(budget)));
  return powerOfTwoAtLeast((count + allowed - 1n) / allowed);
}

/** The multiples of gridStep in [first, last], ascending: at most `budget` of them. */
export function gridBlocks(first: bigint, last: bigint, budget: number): bigint[] {
  if (last < first) {
    return [];
  }
  const step = gridStep(last - first + 1n, budget);
  const blocks: bigint[] = [];
  for (let n = ((first + step - 1n) / step) * step; n <= last; n += step) {
    blocks.push(n);
  }
  return blocks;
}
