/** Everything the KPIs read, replayed from the ledger once per computation. */
import type { WorldRecord } from '../record';
import { fillsOf, type Fill } from './fills';
import { replayHoldings, type BlockHoldings } from './holdings';
import { pnlByBlock, type PnlEntry } from './pnl';
import { feedPriceBook, type PriceBook } from './prices';
import type { KpiConfig } from './types';

export interface LedgerView {
  record: WorldRecord;
  config: KpiConfig;
  /** What everything is valued at (revision 1: the feeds' on-chain answers). */
  prices: PriceBook;
  /** Aligned with record.blocks. */
  holdings: BlockHoldings[];
  fills: Fill[];
  /** Aligned with record.blocks. */
  pnl: PnlEntry[][];
}

export function viewLedger(
  record: WorldRecord,
  config: KpiConfig,
  prices: PriceBook = feedPriceBook(record)
): LedgerView {
  const holdings = replayHoldings(record, config, prices);
  const fills = fillsOf(record, prices);
  return { record, config, prices, holdings, fills, pnl: pnlByBlock(record, holdings, fills, config) };
}
