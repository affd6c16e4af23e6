/**
 * USD prices of the assets at any block, by revision 2's rule (priceRule.ts): each asset's Chainlink
 * feed read at that block (an archive read: exact, and what the market maker's protocols saw), checked
 * against its heartbeat and against CoinGecko, and replaced by CoinGecko's price where the feed is
 * stale or fails. An asset without a feed takes CoinGecko's price in force at the block's time.
 *
 * The feeds are cached by block hash and read for many blocks at once so the transport batches the
 * calls. CoinGecko's market chart of each asset is read once per query over the times it prices, or
 * kept across queries (chartStore.ts) where the engine gives a store (CoinGecko gives hourly points
 * over ranges of 1–90 days, daily ones beyond): a chart point stands in
 * for, or checks, a feed only when it is at most COINGECKO_MAX_AGE_MS older than the block, so a daily
 * point never flags an hourly feed. Every flagged price is kept (`flags`) for the KPIs it values.
 */
import { PmmError } from '../../../src/core/errors';
import { DEFAULT_FEED_HEARTBEAT_SEC, DEFAULT_MAX_FEED_DEVIATION_PCT } from '../../../src/core/settings/types';
import { mapLimited } from '../concurrency/mapLimited';
import { lastAtOrBefore, sortedByTime, timeMsOf } from '../kpis/timeIndex';
import { asPmmError } from './asPmmError';
import type { PriceFlag, PriceProblem } from '../model';
import { getFeedPrices } from '../sources/chain';
import { getMarketChartRange, type MarketChartPoint } from '../sources/offchain';
import type { GatherContext } from './context';
import type { ReadChart } from './chartStore';
import { rulePrice, type FeedReading, type RuledPrice } from './priceRule';
import type { ResolvedAsset } from './sourcesConfig';

export interface BlockRef {
  number: bigint;
  hash: string;
  timeMs: number;
}

/** A price lookup over blocks that were read. Both throw for a block or symbol that was not. */
export interface PriceLookup {
  /** The price of a symbol at a block: what every KPI values at. */
  (block: bigint): (symbol: string) => number;
  /**
   * The feed's own answer where it answered, stale or not: what a lending protocol's oracle saw, and so
   * what its liquidations follow. Where the feed failed, the price above.
   */
  onchain(block: bigint): (symbol: string) => number;
}
export type PricesAt = (blocks: readonly BlockRef[]) => Promise<PriceLookup>;

export interface PriceReader {
  pricesAt: PricesAt;
  /** The flagged prices read so far, one per block, asset and problem. */
  flags(): PriceFlag[];
}

/** An hour and a half: CoinGecko's hourly points are up to an hour apart, and not on the hour. */
export const COINGECKO_MAX_AGE_MS = 90 * 60_000;

async function feedReadings(ctx: GatherContext, block: BlockRef): Promise<Record<string, FeedReading>> {
  return ctx.cache.get(block.hash, 'feedReadings', async () => {
    const fed = ctx.assets.filter((a) => a.feed !== undefined);
    const entries = await getFeedPrices(ctx.client, {
      feeds: fed.map((a) => a.feed as NonNullable<typeof a.feed>),
      blockNumber: block.number,
    });
    const readings: Record<string, FeedReading> = {};
    entries.forEach((entry, i) => {
      readings[fed[i].symbol] =
        entry.status === 'failure'
          ? { ok: false, error: entry.error }
          : { ok: true, price: entry.price, ageSec: entry.ageSec };
    });
    return readings;
  });
}

/**
 * The last chart point at or before a time (the first one when the time is earlier), found by binary
 * search: every block of a month-long query prices every asset against a chart of months.
 */
function chartPriceAt(chart: readonly MarketChartPoint[], timeMs: number): number | undefined {
  return (lastAtOrBefore(chart, timeMsOf, timeMs) ?? sortedByTime(chart, timeMsOf)[0])?.price;
}

/** The last chart point at or before a time and at most COINGECKO_MAX_AGE_MS older: what may check a feed. */
export function chartPriceNear(chart: readonly MarketChartPoint[], timeMs: number): number | undefined {
  const found = lastAtOrBefore(chart, timeMsOf, timeMs);
  return found && timeMs - found.timeMs <= COINGECKO_MAX_AGE_MS ? found.price : undefined;
}

type Chart = { ok: true; points: MarketChartPoint[] } | { ok: false; error: PmmError };

/** A block's prices by symbol: what KPIs value at, and the feeds' own answers (PriceLookup.onchain). */
interface BlockPrices {
  prices: Record<string, number>;
  answers: Record<string, number>;
}

function noPrice(asset: ResolvedAsset): PmmError {
  return new PmmError('chainlink', `${asset.symbol} has no price: no feed, and no CoinGecko id and URL`, {
    fix: `give ${asset.symbol} a Chainlink feed, or a CoinGecko id and the CoinGecko URL`,
  });
}

/** The feed failed and CoinGecko, its fallback, could not be read either: both causes, the feed's first. */
function bothFailed(feedError: PmmError, chart: Chart | undefined): PmmError {
  if (!chart || chart.ok) {
    return feedError;
  }
  return new PmmError(
    feedError.source,
    `${feedError.problem}; CoinGecko, its fallback, failed too: ${chart.error.message}`,
    { fix: feedError.fix, cause: feedError }
  );
}

interface AssetPrice extends RuledPrice {
  /** The feed's own answer where it answered, else the price. */
  answer: number;
}

/**
 * One asset's price at a block's time from what was read: its feed's reading (none: it has no feed) and
 * CoinGecko's chart (none: not configured for it). Undefined where an asset without a feed has no chart
 * point; throws where nothing prices it.
 */
function assetPrice(
  asset: ResolvedAsset,
  feed: FeedReading | undefined,
  chart: Chart | undefined,
  timeMs: number,
  maxDeviation: number
): AssetPrice | undefined {
  if (!feed) {
    // No feed: CoinGecko prices it, and its chart failing fails the price.
    if (chart && !chart.ok) {
      throw chart.error;
    }
    const price = chart?.ok ? chartPriceAt(chart.points, timeMs) : undefined;
    return price === undefined ? undefined : { price, answer: price, valuedAt: 'coingecko', problems: [] };
  }
  if (!feed.ok && chart && !chart.ok) {
    throw bothFailed(feed.error, chart);
  }
  const ruled = rulePrice({
    feed,
    heartbeatSec: asset.heartbeatSec ?? DEFAULT_FEED_HEARTBEAT_SEC,
    coingecko: chart?.ok ? chartPriceNear(chart.points, timeMs) : undefined,
    maxDeviation,
  });
  // CoinGecko is configured for the asset but could not be read: say the feed went unchecked.
  const unchecked: PriceProblem[] = chart && !chart.ok ? [{ kind: 'unchecked', reason: chart.error.problem }] : [];
  return {
    ...ruled,
    answer: feed.ok ? feed.price : ruled.price,
    problems: [...ruled.problems, ...unchecked],
  };
}

/** `spanMs`: the times this query prices, for the CoinGecko charts. */
export function createPriceReader(ctx: GatherContext, spanMs: { fromMs: number; toMs: number }): PriceReader {
  const baseUrl = ctx.settings.endpoints.coingeckoUrl;
  const maxDeviation = (ctx.settings.maxFeedDeviationPct ?? DEFAULT_MAX_FEED_DEVIATION_PCT) / 100;
  const charted = ctx.assets.filter((a) => a.feed === undefined || Boolean(baseUrl && a.coingeckoId));
  const charts = new Map<string, Promise<Chart>>();
  const chartOf = (asset: ResolvedAsset): Promise<Chart> => {
    let chart = charts.get(asset.symbol);
    if (!chart) {
      if (!baseUrl || !asset.coingeckoId) {
        throw noPrice(asset);
      }
      const id = asset.coingeckoId;
      const read: ReadChart = ({ fromSec, toSec }) =>
        getMarketChartRange({ baseUrl, id, fromSec, toSec, apiKey: ctx.secrets.coingeckoKey }, ctx.http);
      const span = { fromSec: Math.floor(spanMs.fromMs / 1000) - 3600, toSec: Math.ceil(spanMs.toMs / 1000) };
      chart = (ctx.charts ? ctx.charts.chart(id, span, read) : read(span)).then(
        (points): Chart => ({ ok: true, points }),
        (error: unknown): Chart => ({ ok: false, error: asPmmError(error, 'coingecko') })
      );
      charts.set(asset.symbol, chart);
    }
    return chart;
  };
  const flagged = new Map<string, PriceFlag>();

  /** A block's prices from its feeds' readings and the charts; its flagged prices kept. */
  const valueBlock = (
    block: BlockRef,
    readings: Record<string, FeedReading>,
    chartsRead: ReadonlyMap<string, Chart>
  ): BlockPrices => {
    const prices: Record<string, number> = {};
    const answers: Record<string, number> = {};
    for (const asset of ctx.assets) {
      const found = assetPrice(asset, readings[asset.symbol], chartsRead.get(asset.symbol), block.timeMs, maxDeviation);
      if (!found) {
        continue;
      }
      prices[asset.symbol] = found.price;
      answers[asset.symbol] = found.answer;
      for (const problem of found.problems) {
        flagged.set(`${block.number}:${asset.symbol}:${problem.kind}`, {
          symbol: asset.symbol,
          blockNumber: block.number,
          timeMs: block.timeMs,
          valuedAt: found.valuedAt,
          problem,
        });
      }
    }
    return { prices, answers };
  };

  // Each block valued once per query, by hash: the parts ask for the same blocks again (the state
  // blocks, then the fills' and the transactions' blocks among them).
  const valued = new Map<string, BlockPrices>();
  const pricesAt: PricesAt = async (blocks) => {
    const unique = [...new Map(blocks.map((b) => [b.number, b])).values()];
    const read = await mapLimited(
      unique.filter((b) => !valued.has(b.hash.toLowerCase())),
      ctx.options.blocksInFlight,
      async (b) => [b, await feedReadings(ctx, b)] as const
    );
    const chartsRead = new Map(await Promise.all(charted.map(async (a) => [a.symbol, await chartOf(a)] as const)));
    for (const [block, readings] of read) {
      valued.set(block.hash.toLowerCase(), valueBlock(block, readings, chartsRead));
    }
    const byNumber = new Map(unique.map((b) => [b.number, valued.get(b.hash.toLowerCase()) as BlockPrices]));
    const lookup = (book: 'prices' | 'answers') => (block: bigint) => (symbol: string) => {
      const price = byNumber.get(block)?.[book][symbol];
      if (price === undefined) {
        throw new PmmError('chainlink', `no price for ${symbol} at block ${block}`, {
          fix: `give ${symbol} a Chainlink feed (or a CoinGecko id) in the data source's assets`,
        });
      }
      return price;
    };
    return Object.assign(lookup('prices'), { onchain: lookup('answers') });
  };

  return {
    pricesAt,
    flags: () => [...flagged.values()].sort((a, b) => a.timeMs - b.timeMs || a.symbol.localeCompare(b.symbol)),
  };
}
