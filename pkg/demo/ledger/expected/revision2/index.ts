/** Expected KPI values under revision 2 of the framework, computed from the ledger alone. */
export { DEMO_REVISION2_CONFIG, type Revision2Config } from './config';
export { expectedKpisRevision2, expectedKpisRevision2Of, priceFlags } from './expectedKpis';
export { pnlOver, type PnlOverRange } from './performance';
export { PART_IDS, type BlockPnl, type PartId } from './pnlParts';
export { navOf, replayPortfolio, type Portfolio, type PortfolioState } from './portfolio';
export { valuationPriceBook, type PriceFlags, type ValuationBook } from './prices';
export { viewRevision2, stateBefore, type Revision2View } from './view';
