/**
 * Where a query's state begins: the first block at which every contract needed to value holdings has
 * code (Multicall3, the assets' tokens and feeds). A range that starts before that (a new token, or
 * the demo world's first month asked for over a longer range) has nothing to value there, and reading
 * it would fail the whole query with "no contract at … at block N", pointing at a correct address.
 * A contract with no code at the range's end but some at the head fails the state with "deployed
 * later"; one with none even at the head is left to the reads, whose error names it.
 */
import type { Address } from 'viem';
import { getBlockNumber, getCode } from 'viem/actions';

import { PmmError, type PmmSourceId } from '../../../src/core/errors';
import { withRpcErrors } from '../sources/rpc/rpcError';
import type { RpcClient } from '../sources/rpc/rpcClient';
import type { GatherContext } from './context';

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

/** The first block in [from, to] at which `holds`, if it holds at `to`; undefined if not even there. */
export async function firstWhere(
  holds: (block: bigint) => Promise<boolean>,
  from: bigint,
  to: bigint
): Promise<bigint | undefined> {
  if (await holds(from)) {
    return from;
  }
  return (await holds(to)) ? firstBlockWhere(holds, from, to) : undefined;
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

/** Which source a configured contract belongs to, for an error about it. */
function sourceOfContract(ctx: GatherContext, address: Address): PmmSourceId {
  const same = (other: string | undefined) => other !== undefined && other.toLowerCase() === address.toLowerCase();
  if (ctx.assets.some((a) => same(a.feed))) {
    return 'chainlink';
  }
  if (ctx.assets.some((a) => same(a.address))) {
    return 'erc20';
  }
  if (same(ctx.settings.venues.aave?.pool)) {
    return 'aave-v3';
  }
  return (ctx.settings.venues.comets ?? []).some((c) => same(c.market)) ? 'compound-v3' : 'rpc';
}

/**
 * The first state block of [from, to] to read: where Multicall3 and every asset's token and feed have
 * code. Throws, naming it, when one of those or a configured venue has no code yet at `to` but has
 * some at the head: "no contract at X" would send the user to check a correct address.
 */
export async function stateStart(ctx: GatherContext, from: bigint, to: bigint): Promise<bigint> {
  const multicall3 = ctx.client.chain.contracts?.multicall3?.address;
  const needed = [
    ...(multicall3 ? [multicall3] : []),
    ...ctx.assets.flatMap((a) => (a.feed ? [a.address, a.feed] : [a.address])),
  ];
  const venueContracts = [
    ...(ctx.settings.venues.aave ? [ctx.settings.venues.aave.pool as Address] : []),
    ...(ctx.settings.venues.comets ?? []).map((c) => c.market as Address),
  ];
  const probe = codeProbe(ctx.client, ctx.deployments);
  const [{ first, absent }, venuesThere] = await Promise.all([
    deployedFrom(probe, needed, from, to),
    Promise.all(venueContracts.map((a) => probe(a, to))),
  ]);
  const missing = [...absent, ...venueContracts.filter((_, i) => !venuesThere[i])];
  if (missing.length > 0) {
    const head = await withRpcErrors(ctx.client, 'eth_blockNumber', () => getBlockNumber(ctx.client));
    const later = (await Promise.all(missing.map(async (a) => ((await probe(a, head)) ? [a] : [])))).flat();
    if (later.length > 0) {
      throw new PmmError(
        sourceOfContract(ctx, later[0]),
        `${later.join(', ')} had no code yet at block ${to}, the range's end`,
        {
          fix: 'deployed later: pick a range that ends after it was deployed',
        }
      );
    }
  }
  return first;
}
