/**
 * Which parts of the dataset each KPI reads, so a query for a few KPIs reads only their sources (a
 * panel showing uptime never scans fills). Checked against the formulas by a test that gathers only
 * these parts and evaluates every KPI.
 */
import type { Dataset } from '../model';

export type DatasetPart = Exclude<keyof Dataset, 'window' | 'assets' | 'var' | 'gasWindowMs'>;

const STATE: DatasetPart[] = ['snapshots'];
const PNL: DatasetPart[] = ['snapshots', 'fills', 'walletTxs', 'flashLoans', 'debtFlows', 'hedgePnl'];

export const NEEDS: Readonly<Record<string, readonly DatasetPart[]>> = {
  uptime: ['rfqs'],
  quote_response_ms: ['rfqs'],
  node_health: ['nodes'],
  settlement_success: ['settlements'],
  gas_price_impact: ['baseFees'],
  quote_acceptance: ['rfqs', 'fills'],
  network_latency_ms: ['endpoints'],
  execution_latency_ms: ['fills'],
  net_delta: STATE,
  concentration: STATE,
  hedge_coverage: STATE,
  max_drawdown: STATE,
  onchain_inventory: STATE,
  hedged_inventory: STATE,
  inventory_turnover: ['snapshots', 'fills'],
  rebalancing_count: ['snapshots', 'rebalances'],
  inventory_level: STATE,
  var_99_1d: ['snapshots', 'priceHistory'],
  liquidation_buffer: STATE,
  flashloan_exposure: ['flashLoans', 'fills'],
  gas_risk_ratio: ['walletTxs', 'fills'],
  total_pnl: PNL,
  token_pnl: PNL,
  revenue_efficiency: PNL,
};

export function partsFor(kpiIds: readonly string[]): Set<DatasetPart> {
  return new Set(kpiIds.flatMap((id) => NEEDS[id] ?? []));
}
