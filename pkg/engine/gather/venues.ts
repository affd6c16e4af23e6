/**
 * What the lending venues are, read once per query at its last block: Aave's reserve tokens and
 * liquidation thresholds, each Comet market's base and collateral factors. Reads at earlier blocks
 * use these addresses (they do not move) and read balances only.
 */
import { zeroAddress, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';

import {
  getAaveAccountData,
  getAaveReserves,
  getCometMarket,
  getCometPositions,
  type AaveReserveTokens,
  type GetCometMarketReturnType,
} from '../sources/chain';
import { RpcNodeError } from '../sources/rpc/rpcError';
import type { GatherContext } from './context';
import { codeProbe } from './deployment/codeProbe';
import { firstBlocks } from './deployment/deployedFrom';
import { firstWhere } from './deployment/firstBlockWhere';
import { remembered } from './deployment/knownSince';
import type { ResolvedAsset } from './sourcesConfig';

export interface AaveVenue {
  pool: Address;
  reserves: Array<AaveReserveTokens & { symbol: string }>;
  flashLoanPremiumBps: number;
}

export interface CometVenue {
  name: string;
  market: GetCometMarketReturnType;
  base: ResolvedAsset;
  /** Collaterals that are configured assets, with their liquidateCollateralFactor. */
  collaterals: Array<{ asset: ResolvedAsset; liquidateCollateralFactor: number }>;
}

export interface Venues {
  aave?: AaveVenue;
  comets: CometVenue[];
}

export async function readVenues(ctx: GatherContext, blockNumber: bigint): Promise<Venues> {
  const aaveSettings = ctx.settings.venues.aave;
  const bySymbolAddress = new Map(ctx.assets.map((a) => [a.address, a]));
  const aave = aaveSettings
    ? await getAaveReserves(ctx.client, {
        pool: aaveSettings.pool as Address,
        assets: ctx.assets.map((a) => a.address),
        blockNumber,
      }).then((read) => ({
        pool: read.pool,
        flashLoanPremiumBps: read.flashLoanPremiumBps,
        // An asset the pool does not list has no Aave position: it is left out, not an error.
        reserves: read.reserves.flatMap((entry) => {
          const asset = bySymbolAddress.get(entry.asset);
          return entry.status === 'success' && asset ? [{ ...entry, symbol: asset.symbol }] : [];
        }),
      }))
    : undefined;
  const comets = await Promise.all(
    (ctx.settings.venues.comets ?? []).map(async (comet) => {
      const market = await getCometMarket(ctx.client, { market: comet.market as Address, blockNumber });
      const base = bySymbolAddress.get(market.baseToken);
      if (!base) {
        throw new PmmError('compound-v3', `${comet.name}'s base token ${market.baseToken} is not a configured asset`, {
          fix: 'add it to the assets of the data source',
        });
      }
      return {
        name: comet.name,
        market,
        base,
        collaterals: market.assets.flatMap((info) => {
          const asset = bySymbolAddress.get(info.asset);
          return asset ? [{ asset, liquidateCollateralFactor: info.fractions.liquidateCollateralFactor }] : [];
        }),
      };
    })
  );
  return { aave, comets };
}

/** Whether a read works at a block: false when the contract failed it, thrown when the node did. */
async function works(read: () => Promise<boolean>): Promise<boolean> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PmmError && !(error instanceof RpcNodeError)) {
      return false;
    }
    throw error;
  }
}

/**
 * From which block in [from, to] each venue answers account reads, keyed by the
 * lower-case address of its pool or market (and of each Aave reserve token, by its code): a market
 * is deployed, then set up over a few blocks, and only then answers (the demo world's Aave pool had
 * code at block 8 and a price oracle from block 24). A venue that does not answer even at `to` is
 * left out, so its reads fail with the error that names it.
 */
export async function venueFirstBlocks(
  ctx: GatherContext,
  venues: Venues,
  from: bigint,
  to: bigint
): Promise<Map<string, bigint>> {
  // The zero address holds nothing, so its reads need no price: only a market not yet set up fails
  // them (a wallet's own position could fail a read for other reasons, e.g. a feed with no answer).
  const nobody = zeroAddress;
  const aave = venues.aave;
  const reserveTokens = (aave?.reserves ?? [])
    .flatMap((r) => [r.aToken, r.variableDebtToken, r.stableDebtToken])
    .filter((a) => a !== zeroAddress);
  const aaveAnswers = (pool: Address) => (block: bigint) =>
    works(async () =>
      (await getAaveAccountData(ctx.client, { pool, accounts: [nobody], blockNumber: block })).accounts.every(
        (entry) => entry.status === 'success'
      )
    );
  const cometAnswers = (market: Address) => (block: bigint) =>
    works(async () =>
      (
        await getCometPositions(ctx.client, { market, accounts: [nobody], collateralAssets: [], blockNumber: block })
      ).positions.every((entry) => entry.status === 'success')
    );
  const [tokens, pool, markets] = await Promise.all([
    firstBlocks(codeProbe(ctx.client, ctx.deployments), reserveTokens, from, to),
    aave
      ? firstWhere(remembered(ctx.deployments, `aave:${aave.pool.toLowerCase()}`, aaveAnswers(aave.pool)), from, to)
      : undefined,
    Promise.all(
      venues.comets.map(({ market: { market } }) =>
        firstWhere(remembered(ctx.deployments, `comet:${market.toLowerCase()}`, cometAnswers(market)), from, to)
      )
    ),
  ]);
  const firsts = new Map(tokens);
  if (aave && pool !== undefined) {
    firsts.set(aave.pool.toLowerCase(), pool);
  }
  venues.comets.forEach((comet, i) => {
    const first = markets[i];
    if (first !== undefined) {
      firsts.set(comet.market.market.toLowerCase(), first);
    }
  });
  return firsts;
}

/**
 * The venues as they stood at `block`: a market (or an Aave reserve) whose contracts were deployed
 * after it held no position there, rather than failing the read. `firsts`: each contract's first block
 * with code (deployment/deployedFrom.ts); a contract not in it is kept, so its read names it if it is wrong.
 */
export function venuesAt(venues: Venues, firsts: ReadonlyMap<string, bigint>, block: bigint): Venues {
  const deployed = (address: Address) => address === zeroAddress || (firsts.get(address.toLowerCase()) ?? 0n) <= block;
  const aave =
    venues.aave && deployed(venues.aave.pool)
      ? {
          ...venues.aave,
          reserves: venues.aave.reserves.filter(
            (r) => deployed(r.aToken) && deployed(r.variableDebtToken) && deployed(r.stableDebtToken)
          ),
        }
      : undefined;
  return { aave, comets: venues.comets.filter((c) => deployed(c.market.market)) };
}
