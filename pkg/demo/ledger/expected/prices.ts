/**
 * The prices a computation values at, one set per simulated block (aligned with record.blocks), plus
 * what the feeds answered between set-up and the first block. Revision 1 values at what the chain's
 * feeds answer (a stale feed's older answer included); revision 2 builds its own book (revision2/prices.ts).
 */
import type { Prices } from '../../sim/market';
import { ASSETS, type Asset } from '../../sim/scenario';
import type { WorldRecord } from '../record';

export interface PriceBook {
  /** Before the first block: from set-up (fromSec) on, the feeds' opening answers (when the record has them). */
  opening?: { fromSec: number; prices: Prices };
  blocks: Prices[];
}

/** The feeds' answers after each block: what `latestRoundData` returns there. */
export function feedPriceBook(record: WorldRecord): PriceBook {
  return {
    opening: record.openingFeeds,
    blocks: record.blocks.map(
      (block) => Object.fromEntries(ASSETS.map((a: Asset) => [a, block.planned.feeds[a].price])) as Prices
    ),
  };
}

/** The prices in force at a time: the last block's at or before it, else the opening answers, else block 0's. */
export function pricesAt(record: WorldRecord, book: PriceBook, timeMs: number): Prices {
  let found = book.opening?.prices ?? book.blocks[0];
  record.blocks.forEach((block, i) => {
    if (block.timestamp * 1000 <= timeMs) {
      found = book.blocks[i];
    }
  });
  return found;
}
