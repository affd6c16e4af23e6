import type { Address } from 'viem';

import type { HasCodeAt } from './codeProbe';
import { deployedFrom, firstBlocks } from './deployedFrom';

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
