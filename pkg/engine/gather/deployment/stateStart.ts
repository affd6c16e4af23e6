/**
 * Where a query's state begins: the first block at which every contract needed to value holdings has
 * code (Multicall3, the assets' tokens and feeds). A range that starts before that (a new token, or
 * the demo world's first month asked for over a longer range) has nothing to value there, and reading
 * it would fail the whole query with "no contract at … at block N", pointing at a correct address.
 * A contract with no code at the range's end but some at the head fails the state with "deployed
 * later"; one with none even at the head is left to the reads, whose error names it.
 */
import type { Address } from 'viem';
import { getBlockNumber } from 'viem/actions';

import { PmmError, type PmmSourceId } from '../../../../src/core/errors';
import { withRpcErrors } from '../../sources/rpc/rpcError';
import type { GatherContext } from '../context';
import { codeProbe } from './codeProbe';
import { deployedFrom } from './deployedFrom';

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
