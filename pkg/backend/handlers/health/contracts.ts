/**
 * The on-chain sources, read through the data source's own client (with its failover) at the latest
 * block: each asset's Chainlink feed (latestRoundData), the Aave V3 pool, each Compound III market and
 * the 1inch Limit Order Protocol (code at the address). Failures come from the engine's own reads, so
 * they name the address and the protocol, or the node, never a URL.
 */
import { getAddress, isAddress, type Address } from 'viem';
import { getBlockNumber, getCode } from 'viem/actions';

import type { PmmSettings } from '../../../../src/core/settings/types';
import { getAaveReserves, getCometMarket, getFeedPrices, withRpcErrors, type RpcClient } from '../../../engine';
import { failed, ok, reasonOf, skipped, type HealthLine } from './types';

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function failure(source: string, name: string, what: string, error: unknown): HealthLine {
  const { message, fix } = reasonOf(error);
  return failed(source, name, `${what}: ${message}`, fix);
}

async function checkFeeds(client: RpcClient, settings: PmmSettings, blockNumber: bigint): Promise<HealthLine[]> {
  const withFeed = settings.assets.filter((asset) => asset.feed);
  const lines: HealthLine[] = settings.assets
    .filter((asset) => !asset.feed)
    .map((asset) =>
      asset.coingeckoId
        ? skipped(
            'chainlink',
            asset.symbol,
            `${asset.symbol} has no feed: priced from CoinGecko ("${asset.coingeckoId}")`
          )
        : failed(
            'chainlink',
            asset.symbol,
            `${asset.symbol} has neither a Chainlink feed nor a CoinGecko id: it cannot be priced`,
            "set the asset's feed address (or its CoinGecko id) in the data source settings"
          )
    );
  if (withFeed.length === 0) {
    return lines;
  }
  try {
    const entries = await getFeedPrices(client, {
      feeds: withFeed.map((asset) => asset.feed as Address),
      blockNumber,
    });
    entries.forEach((entry, i) => {
      const { symbol } = withFeed[i];
      const what = `${symbol} feed ${short(entry.feed)}`;
      if (entry.status === 'failure') {
        lines.push(failure('chainlink', symbol, what, entry.error));
        return;
      }
      const age = entry.ageSec < 120 ? `${entry.ageSec} s` : `${Math.round(entry.ageSec / 60)} min`;
      lines.push(
        ok(
          'chainlink',
          symbol,
          `${what}: ${entry.price} (${entry.description ?? 'no description'}), updated ${age} ago`
        )
      );
    });
  } catch (error) {
    withFeed.forEach((asset) => lines.push(failure('chainlink', asset.symbol, `${asset.symbol} feed`, error)));
  }
  return lines;
}

async function checkAave(client: RpcClient, settings: PmmSettings, blockNumber: bigint): Promise<HealthLine[]> {
  const aave = settings.venues.aave;
  if (!aave) {
    return [skipped('aave-v3', 'Aave V3', 'Aave V3: not configured')];
  }
  const what = `Aave V3 pool ${short(aave.pool)}`;
  try {
    const { reserves } = await getAaveReserves(client, {
      pool: aave.pool as Address,
      assets: settings.assets.map((asset) => asset.address as Address),
      blockNumber,
    });
    const listed = settings.assets.filter((_, i) => reserves[i]?.status === 'success').map((asset) => asset.symbol);
    const unlisted = settings.assets.filter((_, i) => reserves[i]?.status !== 'success').map((asset) => asset.symbol);
    const note = unlisted.length > 0 ? `; not listed there: ${unlisted.join(', ')}` : '';
    return [ok('aave-v3', 'Aave V3', `${what}: lists ${listed.join(', ') || 'none of the assets'}${note}`)];
  } catch (error) {
    return [failure('aave-v3', 'Aave V3', what, error)];
  }
}

async function checkComets(client: RpcClient, settings: PmmSettings, blockNumber: bigint): Promise<HealthLine[]> {
  const comets = settings.venues.comets ?? [];
  if (comets.length === 0) {
    return [skipped('compound-v3', 'Compound III', 'Compound III: not configured')];
  }
  return Promise.all(
    comets.map(async (comet) => {
      const what = `Compound III market "${comet.name}" ${short(comet.market)}`;
      try {
        const market = await getCometMarket(client, { market: comet.market as Address, blockNumber });
        return ok(
          'compound-v3',
          comet.name,
          `${what}: base token ${short(market.baseToken)}, ${market.numAssets} collateral assets`
        );
      } catch (error) {
        return failure('compound-v3', comet.name, what, error);
      }
    })
  );
}

async function checkLimitOrderProtocol(
  client: RpcClient,
  settings: PmmSettings,
  blockNumber: bigint
): Promise<HealthLine[]> {
  const address = settings.venues.limitOrderProtocol;
  const name = '1inch Limit Order Protocol';
  if (!address) {
    return [skipped('1inch', name, `${name}: not configured (fills cannot be read)`)];
  }
  if (!isAddress(address, { strict: false })) {
    return [failed('1inch', name, `${name}: "${address}" is not an address`, 'correct it in the data source settings')];
  }
  const what = `${name} ${short(address)}`;
  try {
    const code = await withRpcErrors(client, `eth_getCode of ${address}`, () =>
      getCode(client, { address: getAddress(address), blockNumber })
    );
    if (!code || code === '0x') {
      return [
        failed(
          '1inch',
          name,
          `${what}: no contract at this address on this chain`,
          'check the address and the network'
        ),
      ];
    }
    return [ok('1inch', name, `${what}: contract found (${(code.length - 2) / 2} bytes)`)];
  } catch (error) {
    return [failure('1inch', name, what, error)];
  }
}

export async function checkContracts(client: RpcClient, settings: PmmSettings): Promise<HealthLine[]> {
  let blockNumber: bigint;
  try {
    blockNumber = await withRpcErrors(client, 'eth_blockNumber', () => getBlockNumber(client, { cacheTime: 0 }));
  } catch (error) {
    const { message, fix } = reasonOf(error);
    return [failed('rpc', 'contracts', `no node answered, so no contract could be read: ${message}`, fix)];
  }
  const groups = await Promise.all([
    checkFeeds(client, settings, blockNumber),
    checkAave(client, settings, blockNumber),
    checkComets(client, settings, blockNumber),
    checkLimitOrderProtocol(client, settings, blockNumber),
  ]);
  return groups.flat();
}
