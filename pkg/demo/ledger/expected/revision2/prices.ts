/**
 * Revision 2's price of an asset at a block: the feed's answer, unless it is older than the feed's
 * heartbeat, where CoinGecko's price (the demo's stand-in serves the market price of each block)
 * values it instead and the asset is flagged stale. An answer off CoinGecko by more than the set
 * deviation is flagged and kept. Before the first block, the feeds' opening answers (fresh: posted at
 * set-up, seconds before the last set-up block).
 */
import type { Prices } from '../../../sim/market';
import { ASSETS, type Asset } from '../../../sim/scenario';
import type { WorldRecord } from '../../record';
import type { PriceBook } from '../prices';
import type { Revision2Config } from './config';

export interface PriceFlags {
  /** Assets whose feed answer was stale at the block (valued at CoinGecko). */
  stale: Asset[];
  /** Assets whose feed answer was off CoinGecko by more than the set deviation. */
  deviating: Asset[];
}

export interface ValuationBook extends PriceBook {
  /** Aligned with record.blocks. */
  flags: PriceFlags[];
}

export function valuationPriceBook(record: WorldRecord, config: Revision2Config): ValuationBook {
  const blocks: Prices[] = [];
  const flags: PriceFlags[] = [];
  for (const block of record.blocks) {
    const prices = {} as Prices;
    const flag: PriceFlags = { stale: [], deviating: [] };
    for (const asset of ASSETS) {
      const feed = block.planned.feeds[asset];
      const market = block.planned.prices[asset];
      const stale = block.timestamp - feed.updatedAt > config.feedHeartbeatSec[asset];
      if (stale) {
        flag.stale.push(asset);
      }
      if (Math.abs(feed.price / market - 1) > config.maxFeedDeviation) {
        flag.deviating.push(asset);
      }
      prices[asset] = stale ? market : feed.price;
    }
    blocks.push(prices);
    flags.push(flag);
  }
  return { opening: record.openingFeeds, blocks, flags };
}
