/**
 * Every catalogue KPI's formula, and the window each point of its series covers: `bucket` = the step
 * before the point, `sinceStart` = from the range start to the point (drawdown, cumulative PnL),
 * `day` = the 24 h before the point (the framework's daily turnover).
 */
import type { KpiFormula } from './context';
import { hedgedInventory, inventoryLevel, inventoryTurnover, onchainInventory, rebalancingCount } from './inventory';
import { revenueEfficiency, tokenPnl, totalPnl } from './performance';
import { concentration, hedgeCoverage, maxDrawdown, netDelta } from './position';
import { flashloanExposure, gasRiskRatio, liquidationBuffer, valueAtRisk } from './risk';
import {
  executionLatencyMs,
  gasPriceImpact,
  networkLatencyMs,
  nodeHealth,
  quoteAcceptance,
  quoteResponseMs,
  settlementSuccess,
  uptime,
} from './uptime';

export type SeriesWindow = 'bucket' | 'sinceStart' | 'day';

export interface KpiComputation {
  formula: KpiFormula;
  series: SeriesWindow;
}

const bucket = (formula: KpiFormula): KpiComputation => ({ formula, series: 'bucket' });

export const COMPUTATIONS: Readonly<Record<string, KpiComputation>> = {
  uptime: bucket(uptime),
  quote_response_ms: bucket(quoteResponseMs),
  node_health: bucket(nodeHealth),
  settlement_success: bucket(settlementSuccess),
  gas_price_impact: bucket(gasPriceImpact),
  quote_acceptance: bucket(quoteAcceptance),
  network_latency_ms: bucket(networkLatencyMs),
  execution_latency_ms: bucket(executionLatencyMs),
  net_delta: bucket(netDelta),
  concentration: bucket(concentration),
  hedge_coverage: bucket(hedgeCoverage),
  max_drawdown: { formula: maxDrawdown, series: 'sinceStart' },
  onchain_inventory: bucket(onchainInventory),
  hedged_inventory: bucket(hedgedInventory),
  inventory_turnover: { formula: inventoryTurnover, series: 'day' },
  rebalancing_count: { formula: rebalancingCount, series: 'day' },
  inventory_level: bucket(inventoryLevel),
  var_99_1d: bucket(valueAtRisk),
  liquidation_buffer: bucket(liquidationBuffer),
  flashloan_exposure: bucket(flashloanExposure),
  gas_risk_ratio: bucket(gasRiskRatio),
  total_pnl: { formula: totalPnl, series: 'sinceStart' },
  token_pnl: bucket(tokenPnl),
  revenue_efficiency: bucket(revenueEfficiency),
};

export type { KpiContext, KpiFormula } from './context';
export type { KpiResult } from './result';
