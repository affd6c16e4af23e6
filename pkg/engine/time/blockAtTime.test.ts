import { PmmError } from '../../../src/core/errors';
import { blockAtOrBefore, type BlockHeader, type BlockReader } from './blockAtTime';
import { createBlockPoints } from './blockPoints';

const BLOCKS = 1_000_000;
const GENESIS = 1_600_000_000;

/** mulberry32: a tiny seeded PRNG, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Mostly 12 s, with a dense stretch (1–2 s blocks, as after a fork to faster slots), blocks sharing a
 * second, irregular 1–30 s spacing and rare halts of hours: all the shapes that mislead interpolation.
 */
function irregularTimestamps(count: number, seed: number): Float64Array {
  const next = random(seed);
  const timestamps = new Float64Array(count);
  timestamps[0] = GENESIS;
  for (let i = 1; i < count; i++) {
    const r = next();
    let spacing = 12;
    if (i > 600_000 && i < 700_000) {
      spacing = 1 + Math.floor(next() * 2);
    } else if (r < 0.02) {
      spacing = 0;
    } else if (r < 0.1) {
      spacing = 1 + Math.floor(next() * 30);
    } else if (r < 0.1002) {
      spacing = 3_600 + Math.floor(next() * 6 * 3_600);
    }
    timestamps[i] = timestamps[i - 1] + spacing;
  }
  return timestamps;
}

interface FakeChain extends BlockReader {
  calls: { getBlock: number; head: number };
}

function fakeChain(timestamps: Float64Array): FakeChain {
  const header = (n: number): BlockHeader => ({
    number: BigInt(n),
    timestamp: BigInt(timestamps[n]),
    hash: `0x${n.toString(16)}`,
  });
  const calls = { getBlock: 0, head: 0 };
  return {
    calls,
    async getBlock(number) {
      calls.getBlock++;
      if (number < 0n || number >= BigInt(timestamps.length)) {
        throw new Error(`no block ${number}`);
      }
      return header(Number(number));
    },
    async head() {
      calls.head++;
      return header(timestamps.length - 1);
    },
  };
}

/** The reference answer: the last index with timestamp ≤ t, by plain binary search. */
function bruteForce(timestamps: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timestamps[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - 1;
}

describe('blockAtOrBefore on a fake chain of 1,000,000 irregular blocks', () => {
  const timestamps = irregularTimestamps(BLOCKS, 7);
  const first = timestamps[0];
  const last = timestamps[BLOCKS - 1];

  it('matches a brute-force search for random times, with few getBlock calls (cold)', async () => {
    const next = random(42);
    let worst = 0;
    let total = 0;
    const samples = 500;
    for (let i = 0; i < samples; i++) {
      const t = Math.floor(first + next() * (last - first));
      const chain = fakeChain(timestamps);
      const block = await blockAtOrBefore(t, chain);
      expect(Number(block.number)).toBe(bruteForce(timestamps, t));
      worst = Math.max(worst, chain.calls.getBlock);
      total += chain.calls.getBlock;
    }
    // Measured on this chain: mean ~13, worst ~45. The ≤ 12 target holds for about half the lookups only
    // (see the report); the bound here is 3 × log2(1,000,000): the safeguard bisects after two slow steps.
    expect(worst).toBeLessThanOrEqual(60);
    expect(total / samples).toBeLessThan(15);
  });

  it('returns the last of several blocks sharing the exact timestamp asked for', async () => {
    const next = random(3);
    for (let i = 0; i < 200; i++) {
      const n = Math.floor(next() * (BLOCKS - 1));
      const t = timestamps[n];
      const block = await blockAtOrBefore(t, fakeChain(timestamps));
      expect(Number(block.number)).toBe(bruteForce(timestamps, t));
      expect(Number(block.timestamp)).toBe(t);
    }
  });

  it('finds times inside the dense stretch and inside halts', async () => {
    const halts: number[] = [];
    for (let i = 1; i < BLOCKS && halts.length < 20; i++) {
      if (timestamps[i] - timestamps[i - 1] >= 3_600) {
        halts.push(i);
      }
    }
    expect(halts.length).toBeGreaterThan(0);
    const times = [
      ...halts.map((i) => timestamps[i - 1] + 1_800),
      ...[600_001, 650_000, 699_999].map((i) => timestamps[i] + 1),
    ];
    for (const t of times) {
      const chain = fakeChain(timestamps);
      const block = await blockAtOrBefore(t, chain);
      expect(Number(block.number)).toBe(bruteForce(timestamps, t));
      expect(chain.calls.getBlock).toBeLessThanOrEqual(60);
    }
  });

  it('shares known points across calls: a day of 200 samples costs far fewer calls', async () => {
    const chain = fakeChain(timestamps);
    const points = createBlockPoints();
    const start = Math.floor(last - 86_400 * 3);
    const tenth = (86_400 * 3) / 200;
    for (let i = 0; i < 200; i++) {
      const t = Math.floor(start + i * tenth);
      const block = await blockAtOrBefore(t, chain, { points });
      expect(Number(block.number)).toBe(bruteForce(timestamps, t));
    }
    expect(chain.calls.getBlock / 200).toBeLessThan(5);
    // Asking again is answered from the known points alone.
    const before = chain.calls.getBlock;
    await blockAtOrBefore(Math.floor(start + 10 * tenth), chain, { points });
    expect(chain.calls.getBlock).toBe(before);
  });

  it('returns the head for a time at or after it, with no getBlock call', async () => {
    for (const t of [last, last + 1, last + 1e6]) {
      const chain = fakeChain(timestamps);
      const block = await blockAtOrBefore(t, chain);
      expect(block.number).toBe(BigInt(BLOCKS - 1));
      expect(chain.calls.getBlock).toBe(0);
    }
  });

  it('returns genesis at its own timestamp and throws a PmmError before it', async () => {
    expect((await blockAtOrBefore(first, fakeChain(timestamps))).number).toBe(BigInt(bruteForce(timestamps, first)));
    await expect(blockAtOrBefore(first - 1, fakeChain(timestamps))).rejects.toThrow(PmmError);
    await expect(blockAtOrBefore(first - 1, fakeChain(timestamps))).rejects.toThrow(/before the chain's first block/);
    // Callers that treat "not started yet" as no block match on the kind, not on the wording.
    await expect(blockAtOrBefore(first - 1, fakeChain(timestamps))).rejects.toMatchObject({
      kind: 'before-first-block',
    });
  });

  it('accepts bigint and fractional seconds, rejects non-finite ones', async () => {
    const t = timestamps[123_456];
    const chain = fakeChain(timestamps);
    expect(await blockAtOrBefore(BigInt(t), chain)).toEqual(await blockAtOrBefore(t + 0.9, chain));
    await expect(blockAtOrBefore(Number.NaN, chain)).rejects.toThrow(PmmError);
  });
});

describe('blockAtOrBefore and reorgs', () => {
  it('does not remember headers within the finality depth of the head', async () => {
    const timestamps = Float64Array.from({ length: 1_000 }, (_, i) => 1_000 + 12 * i);
    const points = createBlockPoints();
    await blockAtOrBefore(1_000 + 12 * 990 + 5, fakeChain(timestamps), { points, finalityDepth: 64n });
    for (const header of [points.bracket(BigInt(1_000 + 12 * 990)).below]) {
      expect(header === undefined || header.number <= 999n - 64n).toBe(true);
    }
  });

  it('forgets headers above a head that went back (chain reset)', async () => {
    const long = Float64Array.from({ length: 10_000 }, (_, i) => 1_000 + 12 * i);
    const points = createBlockPoints();
    await blockAtOrBefore(1_000 + 12 * 5_000, fakeChain(long), { points, finalityDepth: 0n });
    const short = Float64Array.from({ length: 100 }, (_, i) => 1_000 + 10 * i);
    const block = await blockAtOrBefore(1_000 + 10 * 50, fakeChain(short), { points, finalityDepth: 0n });
    expect(block.number).toBe(50n);
  });

  it('rejects a node that answers with another block than asked', async () => {
    const chain: BlockReader = {
      head: async () => ({ number: 100n, timestamp: 2_000n, hash: '0xh' }),
      getBlock: async () => ({ number: 7n, timestamp: 1_000n, hash: '0x7' }),
    };
    await expect(blockAtOrBefore(1_500, chain)).rejects.toThrow(/returned block 7/);
  });
});
