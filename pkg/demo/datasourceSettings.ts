/**
 * The PMM Monitor data source settings that point at a running demo world: what provisioning and
 * `pmm-monitor kpis --config` use, written by `pmm-monitor demo --write-config FILE`.
 */
import type { PmmSettings, VenueSettings } from '../../src/core/settings/types';
import type { DemoWorld } from './demoWorld';
import { DEMO_KPI_CONFIG, revision2 } from './ledger/expected';
import { ASSETS, STABLES } from './sim/scenario';
import { COINGECKO_IDS, DUNE_DAILY_VOLUME_QUERY_ID } from './endpoints/standIns';

const COINGECKO_ID_OF = Object.fromEntries(Object.entries(COINGECKO_IDS).map(([id, asset]) => [asset, id]));

/**
 * The hedge venue with its deposit address: a wallet's transfer there funds the venue account, a move
 * inside the portfolio and not an external flow (framework revision 2). `depositAddress` is not in
 * src/core/settings' schema yet (its owner adds it); the validator ignores keys it does not know.
 */
export type DemoHedgeVenue = NonNullable<VenueSettings['hedge']> & { depositAddress: string };

/** Where `pmm-monitor demo` listens by default, and so where the shipped demo-settings.json points. */
export const DEMO_PORTS = { port: 8545, endpointsPort: 8546 } as const;

export function demoSettings(world: Pick<DemoWorld, 'rpcUrl' | 'endpointsUrl' | 'addresses'>): PmmSettings {
  const { addresses, endpointsUrl } = world;
  const hedge: DemoHedgeVenue = {
    name: 'demo perps venue',
    url: `${endpointsUrl}/hedge`,
    depositAddress: addresses.hedgeDeposit,
  };
  return {
    chainId: addresses.chainId,
    // anvil refuses a request body over about 2 MB ("Invalid request"), and one block's holdings are a
    // Multicall3 call of about 14 KB: 50 of them make a 0.7 MB batch.
    nodes: [{ name: 'demo-anvil', url: world.rpcUrl, reference: true, batchSize: 50 }],
    wallets: [
      { address: addresses.wallets.maker, role: 'maker', name: 'maker' },
      { address: addresses.wallets.treasury, role: 'treasury', name: 'treasury' },
      { address: addresses.flashLoanReceiver, role: 'flashloan-receiver', name: 'flash-loan receiver' },
    ],
    assets: ASSETS.map((symbol) => ({
      symbol,
      address: addresses.tokens[symbol],
      feed: addresses.feeds[symbol],
      // The ledger values a feed answer older than this at CoinGecko (revision 2's config: one hour).
      heartbeatSec: revision2.DEMO_REVISION2_CONFIG.feedHeartbeatSec[symbol],
      coingeckoId: COINGECKO_ID_OF[symbol],
      neutralUnits: (DEMO_KPI_CONFIG.neutralUnits as Partial<Record<string, number>>)[symbol],
      targetUsd: DEMO_KPI_CONFIG.inventoryTargetsUsd[symbol],
      stable: STABLES.includes(symbol),
    })),
    venues: {
      aave: { pool: addresses.aave.pool, dataProvider: addresses.aave.dataProvider },
      limitOrderProtocol: addresses.limitOrderProtocol,
      comets: [{ name: 'cUSDCv3 (demo)', market: addresses.comet.market }],
      hedge,
    },
    endpoints: {
      quoteLogUrl: `${endpointsUrl}/quote-log/rfqs`,
      rfqProbeUrl: `${endpointsUrl}/rfq`,
      coingeckoUrl: `${endpointsUrl}/coingecko`,
      duneUrl: `${endpointsUrl}/dune`,
      duneQueryId: DUNE_DAILY_VOLUME_QUERY_ID,
    },
    // The ledger flags a feed answer off CoinGecko by more than this share.
    maxFeedDeviationPct: revision2.DEMO_REVISION2_CONFIG.maxFeedDeviation * 100,
  };
}
