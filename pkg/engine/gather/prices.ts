/**
 * USD prices of the assets at any block: each asset's Chainlink feed read at that block (an archive
 * read: exact, and what the market maker's protocols saw), cached by block hash and read for many
 * blocks at once so the transport batches the calls.
 */
import { PmmError } from '../../../src/errors';
import { getFeedPrices } from '../sources/chain';
import type { GatherContext } from './context';

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

export function createPricesAt(ctx: GatherContext): PricesAt {
  return async (blocks) => {
    const unique = new Map(blocks.map((b) => [b.number, b]));
    const read = await Promise.all(
      [...unique.values()].map(async (b) => [b.number, await pricesOfBlock(ctx, b)] as const)
    );
    const byBlock = new Map(read);
    return (block) => (symbol) => {
      const price = byBlock.get(block)?.[symbol];
      if (price === undefined) {
        throw new PmmError('chainlink', `no price for ${symbol} at block ${block}`, {
          fix: `give ${symbol} a Chainlink feed in the data source's assets`,
        });
      }
      return price;
    };
  };
}
