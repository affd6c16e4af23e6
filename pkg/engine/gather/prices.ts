/**
 * USD prices of the assets at any block: each asset's Chainlink feed read at that block (an archive
 * read: exact, and what the market maker's protocols saw), cached by block hash and read for many
 * blocks at once so the transport batches the calls. An asset without a feed takes CoinGecko's price
 * in force at the block's time (its market chart over the query, read once per query: CoinGecko gives
 * hourly points over ranges of 1–90 days, so such a price can be up to an hour old).
 */
import { PmmError } from '../../../src/core/errors';
import { mapLimited } from '../concurrency/mapLimited';
import { getFeedPrices } from '../sources/chain';
import { getMarketChartRange, type MarketChartPoint } from '../sources/offchain';
import type { GatherContext } from './context';
import type { ResolvedAsset } from './sourcesConfig';

export interface BlockRef {
  number: bigint;
  hash: string;
  timeMs: number;
}

/** A price lookup: the price of a symbol at a block that was read. Throws for one that was not. */
export type PriceLookup = (block: bigint) => (symbol: string) => number;
export type PricesAt = (blocks: readonly BlockRef[]) => Promise<PriceLookup>;

async function pricesOfBlock(ctx: GatherContext, block: BlockRef): Promise<Record<string, number>> {
  return ctx.cache.get(block.hash, 'feedPrices', async () => {
    const priced = ctx.assets.filter((a) => a.feed !== undefined);
    const entries = await getFeedPrices(ctx.client, {
      feeds: priced.map((a) => a.feed as NonNullable<typeof a.feed>),
      blockNumber: block.number,
    });
    const prices: Record<string, number> = {};
    entries.forEach((entry, i) => {
      if (entry.status === 'failure') {
        throw entry.error;
      }
      prices[priced[i].symbol] = entry.price;
    });
    return prices;
  });
}

/** The last chart point at or before a time (the first one when the time is earlier). */
function chartPriceAt(chart: readonly MarketChartPoint[], timeMs: number): number | undefined {
  let found: number | undefined = chart[0]?.price;
  for (const point of chart) {
    if (point.timeMs > timeMs) {
      break;
    }
    found = point.price;
  }
  return found;
}

/** `spanMs`: the times this query prices, for the CoinGecko charts of assets without a feed. */
export function createPricesAt(ctx: GatherContext, spanMs: { fromMs: number; toMs: number }): PricesAt {
  const unfed = ctx.assets.filter((a) => a.feed === undefined);
  const charts = new Map<string, Promise<MarketChartPoint[]>>();
  const chartOf = (asset: ResolvedAsset): Promise<MarketChartPoint[]> => {
    let chart = charts.get(asset.symbol);
    if (!chart) {
      const baseUrl = ctx.settings.endpoints.coingeckoUrl;
      if (!baseUrl || !asset.coingeckoId) {
        throw new PmmError('chainlink', `${asset.symbol} has no price: no feed, and no CoinGecko id and URL`, {
          fix: `give ${asset.symbol} a Chainlink feed, or a CoinGecko id and the CoinGecko URL`,
        });
      }
      chart = getMarketChartRange(
        {
          baseUrl,
          id: asset.coingeckoId,
          fromSec: Math.floor(spanMs.fromMs / 1000) - 3600,
          toSec: Math.ceil(spanMs.toMs / 1000),
          apiKey: ctx.secrets.coingeckoKey,
        },
        ctx.http
      );
      charts.set(asset.symbol, chart);
    }
    return chart;
  };
  return async (blocks) => {
    const unique = new Map(blocks.map((b) => [b.number, b]));
    const read = await mapLimited(
      [...unique.values()],
      ctx.options.blocksInFlight,
      async (b) => [b.number, await pricesOfBlock(ctx, b)] as const
    );
    const byBlock = new Map(read);
    if (unfed.length > 0) {
      const unfedCharts = await Promise.all(unfed.map(async (asset) => [asset.symbol, await chartOf(asset)] as const));
      for (const block of unique.values()) {
        const prices = { ...byBlock.get(block.number) };
        for (const [symbol, chart] of unfedCharts) {
          const price = chartPriceAt(chart, block.timeMs);
          if (price !== undefined) {
            prices[symbol] = price;
          }
        }
        byBlock.set(block.number, prices);
      }
    }
    return (block) => (symbol) => {
      const price = byBlock.get(block)?.[symbol];
      if (price === undefined) {
        throw new PmmError('chainlink', `no price for ${symbol} at block ${block}`, {
          fix: `give ${symbol} a Chainlink feed (or a CoinGecko id) in the data source's assets`,
        });
      }
      return price;
    };
  };
}
