/**
 * Where a query's state begins: the first block at which every contract needed to value holdings has
 * code (Multicall3, the assets' tokens and feeds). A range that starts before that (a new token, or
 * the demo world's first month asked for over a longer range) has nothing to value there, and reading
 * it would fail the whole query with "no contract at … at block N", pointing at a correct address.
 * A contract with no code even at the range's end is left to the reads, whose error names it.
 */
import type { Address } from 'viem';
import { getCode } from 'viem/actions';

import { withRpcErrors } from '../sources/rpc/rpcError';
import type { RpcClient } from '../sources/rpc/rpcClient';

export type HasCodeAt = (address: Address, block: bigint) => Promise<boolean>;

export function codeProbe(client: RpcClient): HasCodeAt {
  return async (address, block) => {
    const code = await withRpcErrors(client, `eth_getCode ${address} at block ${block}`, () =>
      getCode(client, { address, blockNumber: block })
    );
    return code !== undefined && code !== '0x';
  };
}

/**
 * The first block in (from, to] at which `holds`, given it fails at `from` and holds at `to`, and that
 * once it holds it keeps holding (code, once deployed, stays; a market, once set up, stays readable).
 */
export async function firstBlockWhere(
  holds: (block: bigint) => Promise<boolean>,
  from: bigint,
  to: bigint
): Promise<bigint> {
  let failing = from;
  let holding = to;
  while (holding - failing > 1n) {
    const middle = failing + (holding - failing) / 2n;
    if (await holds(middle)) {
      holding = middle;
    } else {
      failing = middle;
    }
  }
  return holding;
}

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
  const atStart = await Promise.all(unique.map((address) => hasCodeAt(address, from)));
  const firsts = await Promise.all(
    unique.map(async (address, i): Promise<[string, bigint] | undefined> => {
      if (atStart[i]) {
        return [address.toLowerCase(), from];
      }
      if (!(await hasCodeAt(address, to))) {
        return undefined;
      }
      return [address.toLowerCase(), await firstBlockWhere((block) => hasCodeAt(address, block), from, to)];
    })
  );
  return new Map(firsts.filter((entry): entry is [string, bigint] => entry !== undefined));
}

/** The first block in [from, to] at which all `addresses` (those with code at `to`) have code. */
export async function deployedFrom(
  hasCodeAt: HasCodeAt,
  addresses: readonly Address[],
  from: bigint,
  to: bigint
): Promise<bigint> {
  const firsts = await firstBlocks(hasCodeAt, addresses, from, to);
  return [...firsts.values()].reduce((latest, first) => (first > latest ? first : latest), from);
}
