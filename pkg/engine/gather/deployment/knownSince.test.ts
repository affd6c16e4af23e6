import type { Address } from 'viem';

import type { HasCodeAt } from './codeProbe';
import { deployedFrom } from './deployedFrom';
import { createKnownSince, remembered } from './knownSince';

const A = '0x00000000000000000000000000000000000000aA' as Address;
const B = '0x00000000000000000000000000000000000000bB' as Address;

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
