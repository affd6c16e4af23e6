/** Everything revision 2's KPIs read, replayed from the ledger once per computation. */
import type { WorldRecord } from '../../record';
import { viewLedger, type LedgerView } from '../ledgerView';
import { DEMO_REVISION2_CONFIG, type Revision2Config } from './config';
import { blockPnl, type BlockPnl } from './pnlParts';
import { replayPortfolio, type Portfolio, type PortfolioState } from './portfolio';
import { valuationPriceBook, type ValuationBook } from './prices';

export interface Revision2View {
  record: WorldRecord;
  config: Revision2Config;
  prices: ValuationBook;
  /** Revision 1's replay (holdings, fills, cost entries) at revision 2's prices. */
  base: LedgerView;
  /** Revision 1's replay at the feeds' answers: what the lending protocols' own oracles see. */
  onchain: LedgerView;
  portfolio: Portfolio;
  /** Aligned with record.blocks. */
  pnl: BlockPnl[];
}

export function viewRevision2(record: WorldRecord, config: Revision2Config = DEMO_REVISION2_CONFIG): Revision2View {
  const prices = valuationPriceBook(record, config);
  const base = viewLedger(record, config.base, prices);
  const portfolio = replayPortfolio(record, config, prices, base.holdings);
  const view = { record, config, prices, base, onchain: viewLedger(record, config.base), portfolio, pnl: [] };
  return { ...view, pnl: record.blocks.map((_, i) => blockPnl(view, i)) };
}

/** The state before the block at `position`: the previous block's, or the opening one. */
export function stateBefore(view: Pick<Revision2View, 'portfolio'>, position: number): PortfolioState {
  return position === 0 ? view.portfolio.opening : view.portfolio.blocks[position - 1];
}
