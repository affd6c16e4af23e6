/** Expected KPI values from the demo world's ledger: what the world test compares the engine against. */
export { DEMO_KPI_CONFIG } from './config';
export { expectedKpis, expectedKpisOf } from './expectedKpis';
export { replayHoldings, type BlockHoldings } from './holdings';
export { viewLedger, type LedgerView } from './ledgerView';
export { nav } from './valuation';
export * from './types';
export * as revision2 from './revision2';
