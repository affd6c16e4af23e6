/**
 * The market maker's fills: successful settlements of its quotes (a reverted settlement moved nothing
 * and emitted no OrderFilled, so it is no fill), each with its block, exact amounts and USD figures at
 * the fill block's prices (the price book's).
 */
import { PmmError } from '../../../../src/core/errors';
import type { RfqRecord, WorldRecord } from '../record';
import type { Asset } from '../../sim/scenario';
import type { PriceBook } from './prices';
import { toAmount } from './units';

export interface Fill {
  rfq: RfqRecord;
  /** Position of the fill's block in record.blocks. */
  block: number;
  timestampMs: number;
  baseUnits: number;
  quoteUnits: number;
  /** Traded volume: base amount × base price. */
  volumeUsd: number;
  /**
   * Spread captured: what the maker received minus what it gave, both at the block's feed prices, which
   * is |fill price − feed mid| × size in USD, positive when it sold above or bought below the mid.
   */
  spreadUsd: number;
}

export function blockPositions(record: WorldRecord): Map<bigint, number> {
  return new Map(record.blocks.map((block, i) => [block.number, i]));
}

export function fillsOf(record: WorldRecord, book: PriceBook): Fill[] {
  const positions = blockPositions(record);
  const fills: Fill[] = [];
  for (const rfq of record.rfqs) {
    if (rfq.settled !== 'success') {
      continue;
    }
    const block = rfq.blockNumber === undefined ? undefined : positions.get(rfq.blockNumber);
    if (block === undefined || rfq.makingAmount === undefined || rfq.takingAmount === undefined) {
      throw new PmmError('expected KPIs', `fill ${rfq.id} has no block or amounts in the ledger`);
    }
    const prices = book.blocks[block];
    const makerSells = rfq.side === 'buy';
    const baseUnits = toAmount(makerSells ? rfq.makingAmount : rfq.takingAmount, rfq.base);
    const quoteUnits = toAmount(makerSells ? rfq.takingAmount : rfq.makingAmount, rfq.quote);
    const value = (units: number, asset: Asset) => units * prices[asset];
    const spreadUsd = makerSells
      ? value(quoteUnits, rfq.quote) - value(baseUnits, rfq.base)
      : value(baseUnits, rfq.base) - value(quoteUnits, rfq.quote);
    fills.push({
      rfq,
      block,
      timestampMs: record.blocks[block].timestamp * 1000,
      baseUnits,
      quoteUnits,
      volumeUsd: value(baseUnits, rfq.base),
      spreadUsd,
    });
  }
  return fills;
}
