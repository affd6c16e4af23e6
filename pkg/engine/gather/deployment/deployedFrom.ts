/**
 * Where contracts start: each address's first block with code in a range, and the first block at
 * which all of them have code.
 */
import type { Address } from 'viem';

import type { HasCodeAt } from './codeProbe';
import { firstWhere } from './firstBlockWhere';

/**
 * For each of `addresses` with code at `to`, the first block in [from, to] with code (`from` when it
 * has code there: one eth_getCode each, batched by the transport), keyed by lower-case address.
 * Addresses without code at `to` are left out: their reads fail with an error that names them.
 */
export async function firstBlocks(
  hasCodeAt: HasCodeAt,
  addresses: readonly Address[],
  from: bigint,
  to: bigint
): Promise<Map<string, bigint>> {
  const unique = [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];
  const firsts = await Promise.all(
    unique.map(
      async (address) => [address.toLowerCase(), await firstWhere((b) => hasCodeAt(address, b), from, to)] as const
    )
  );
  return new Map(firsts.flatMap(([key, first]) => (first === undefined ? [] : [[key, first] as const])));
}

/**
 * The first block in [from, to] at which all `addresses` with code at `to` have code, and those with
 * none even there (`absent`: deployed after the range, or wrong).
 */
export async function deployedFrom(
  hasCodeAt: HasCodeAt,
  addresses: readonly Address[],
  from: bigint,
  to: bigint
): Promise<{ first: bigint; absent: Address[] }> {
  const firsts = await firstBlocks(hasCodeAt, addresses, from, to);
  return {
    first: [...firsts.values()].reduce((latest, first) => (first > latest ? first : latest), from),
    absent: addresses.filter((a) => !firsts.has(a.toLowerCase())),
  };
}
