/** Everything the KPIs read, replayed from the ledger once per computation. */
import type { WorldRecord } from '../record';
import { fillsOf, type Fill } from './fills';
import { replayHoldings, type BlockHoldings } from './holdings';
import { pnlByBlock, type PnlEntry } from './pnl';
import type { KpiConfig } from './types';

export interface LedgerView {
  record: WorldRecord;
  config: KpiConfig;
  /** Aligned with record.blocks. */
  holdings: BlockHoldings[];
  fills: Fill[];
  /** Aligned with record.blocks. */
  pnl: PnlEntry[][];
}

export function viewLedger(record: WorldRecord, config: KpiConfig): LedgerView {
  const holdings = replayHoldings(record, config);
  const fills = fillsOf(record);
  return { record, config, holdings, fills, pnl: pnlByBlock(record, holdings, fills, config) };
}
