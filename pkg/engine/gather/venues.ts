/**
 * What the lending venues are, read once per query at its last block: Aave's reserve tokens and
 * liquidation thresholds, each Comet market's base and collateral factors. Reads at earlier blocks
 * use these addresses (they do not move) and read balances only.
 */
import type { Address } from 'viem';

import { PmmError } from '../../../src/errors';

import {
  getAaveReserves,
  getCometMarket,
  type AaveReserveTokens,
  type GetCometMarketReturnType,
} from '../sources/chain';
import type { GatherContext } from './context';
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
