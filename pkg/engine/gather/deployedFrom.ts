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

/**
 * What is known of each contract (or venue, by a key of its own) across one data source's queries:
 * the lowest block it was seen to have code (to answer) at, and the highest it was seen without. Code,
 * once deployed, stays, so a later query needs no read where these settle it, and once a search has
 * found the first block, none at all. Without it every alert evaluation would re-ask a dozen
 * eth_getCode, and a range longer than the contracts' age would search again each time.
 */
export interface KnownSince {
  /** true or false where the known blocks settle it, else undefined. */
  at(key: string, block: bigint): boolean | undefined;
  record(key: string, block: bigint, holds: boolean): void;
}

export function createKnownSince(): KnownSince {
  const holding = new Map<string, bigint>();
  const failing = new Map<string, bigint>();
  return {
    at: (key, block) => {
      const lowestHolding = holding.get(key);
      if (lowestHolding !== undefined && block >= lowestHolding) {
        return true;
      }
      const highestFailing = failing.get(key);
      return highestFailing !== undefined && block <= highestFailing ? false : undefined;
    },
    record: (key, block, holds) => {
      const known = (holds ? holding : failing).get(key);
      if (known === undefined || (holds ? block < known : block > known)) {
        (holds ? holding : failing).set(key, block);
      }
    },
  };
}

/** `holds`, answered from `known` where it can be, and remembered there. */
export function remembered(
  known: KnownSince,
  key: string,
  holds: (block: bigint) => Promise<boolean>
): (block: bigint) => Promise<boolean> {
  return async (block) => {
    const settled = known.at(key, block);
    if (settled !== undefined) {
      return settled;
    }
    const answer = await holds(block);
    known.record(key, block, answer);
    return answer;
  };
}

export function codeProbe(client: RpcClient, known: KnownSince): HasCodeAt {
  return (address, block) =>
    remembered(known, `code:${address.toLowerCase()}`, async (at) => {
      const code = await withRpcErrors(client, `eth_getCode ${address} at block ${at}`, () =>
        getCode(client, { address, blockNumber: at })
      );
      return code !== undefined && code !== '0x';
    })(block);
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
