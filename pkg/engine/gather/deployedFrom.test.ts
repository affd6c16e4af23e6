import type { Address } from 'viem';

import {
  createKnownSince,
  deployedFrom,
  firstBlocks,
  firstBlockWhere,
  remembered,
  type HasCodeAt,
} from './deployedFrom';

const A = '0x00000000000000000000000000000000000000aA' as Address;
const B = '0x00000000000000000000000000000000000000bB' as Address;
const NEVER = '0x00000000000000000000000000000000000000cC' as Address;

/** A chain where each address gets its code at a given block (NEVER never does), counting the probes. */
function chain(deployedAt: Record<string, bigint>) {
  const probes: Array<[string, bigint]> = [];
  const hasCodeAt: HasCodeAt = async (address, block) => {
    probes.push([address, block]);
    const at = deployedAt[address.toLowerCase()];
    return at !== undefined && block >= at;
  };
  return { hasCodeAt, probes };
}

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

describe('deployedFrom', () => {
  it('is the range start, after one probe per address, when everything has code there', async () => {
    const { hasCodeAt, probes } = chain({ [A.toLowerCase()]: 5n, [B.toLowerCase()]: 7n });
    expect(await deployedFrom(hasCodeAt, [A, B, A], 10n, 100n)).toEqual({ first: 10n, absent: [] });
    expect(probes).toEqual([
      [A, 10n],
      [B, 10n],
    ]);
  });

  it('is the block where the last of them was deployed', async () => {
    const { hasCodeAt } = chain({ [A.toLowerCase()]: 24n, [B.toLowerCase()]: 61n });
    expect((await deployedFrom(hasCodeAt, [A, B], 0n, 1_000n)).first).toBe(61n);
  });

  it('leaves out an address with no code even at the range end (its reads name it)', async () => {
    const { hasCodeAt } = chain({ [A.toLowerCase()]: 24n });
    expect(await deployedFrom(hasCodeAt, [A, NEVER], 0n, 1_000n)).toEqual({ first: 24n, absent: [NEVER] });
    expect(await firstBlocks(hasCodeAt, [A, NEVER], 0n, 1_000n)).toEqual(new Map([[A.toLowerCase(), 24n]]));
  });
});

describe('remembered', () => {
  it('asks only where the blocks seen holding and failing do not settle it', async () => {
    const asked: bigint[] = [];
    const holds = remembered(createKnownSince(), 'code:a', async (block) => {
      asked.push(block);
      return block >= 24n;
    });
    expect(await holds(100n)).toBe(true);
    expect(await holds(150n)).toBe(true);
    expect(await holds(100n)).toBe(true);
    expect(await holds(10n)).toBe(false);
    expect(await holds(10n)).toBe(false);
    expect(await holds(30n)).toBe(true);
    expect(await holds(40n)).toBe(true);
    expect(asked).toEqual([100n, 10n, 30n]);
    expect(await holds(20n)).toBe(false);
    expect(asked).toEqual([100n, 10n, 30n, 20n]);
    expect(await holds(15n)).toBe(false);
    expect(asked).toEqual([100n, 10n, 30n, 20n]);
  });

  it('lets a later query of the same data source find the contracts deployed without a read', async () => {
    const { hasCodeAt, probes } = chain({ [A.toLowerCase()]: 24n, [B.toLowerCase()]: 61n });
    const known = createKnownSince();
    const probe: HasCodeAt = (address, block) =>
      remembered(known, address.toLowerCase(), (at) => hasCodeAt(address, at))(block);
    expect((await deployedFrom(probe, [A, B], 0n, 1_000n)).first).toBe(61n);
    const first = probes.length;
    expect((await deployedFrom(probe, [A, B], 200n, 1_200n)).first).toBe(200n);
    expect(probes.length).toBe(first);
    // A range reaching back before both deployments again: the first search settled every probe.
    expect((await deployedFrom(probe, [A, B], 0n, 1_300n)).first).toBe(61n);
    expect(probes.length).toBe(first);
  });
});
