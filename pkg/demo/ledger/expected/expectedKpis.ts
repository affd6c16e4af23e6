/**
 * The expected value of every catalogue KPI over a range, computed from the ledger alone (never from
 * the chain, never through the engine), for the world test to hold the engine's output against.
 */
import type { WorldRecord } from '../record';
import { DEMO_KPI_CONFIG } from './config';
import {
  inventoryLevel,
  inventoryTurnover,
  hedgedInventory,
  onchainInventory,
  rebalancingCount,
} from './inventoryKpis';
import { viewLedger, type LedgerView } from './ledgerView';
import { revenueEfficiency, tokenPnl, totalPnl } from './performanceKpis';
import { concentration, hedgeCoverage, maxDrawdown, netDelta } from './positionKpis';
import { flashloanExposure, gasRiskRatio, liquidationBuffer, valueAtRisk } from './riskKpis';
import type { ExpectedKpis, KpiConfig, TimeRange } from './types';
import {
  executionLatencyMs,
  gasPriceImpact,
  measuredAtQueryTime,
  quoteAcceptance,
  quoteResponseMs,
  settlementSuccess,
  uptime,
} from './uptimeKpis';

export function expectedKpisOf(view: LedgerView, range: TimeRange): ExpectedKpis {
  return {
    uptime: uptime(view, range),
    quote_response_ms: quoteResponseMs(view, range),
    node_health: measuredAtQueryTime('Node health (sync lag and round trip of each RPC node)'),
    settlement_success: settlementSuccess(view, range),
    gas_price_impact: gasPriceImpact(view, range),
    quote_acceptance: quoteAcceptance(view, range),
    network_latency_ms: measuredAtQueryTime('Network latency (round trip to each endpoint)'),
    execution_latency_ms: executionLatencyMs(view, range),
    net_delta: netDelta(view, range),
    concentration: concentration(view, range),
    hedge_coverage: hedgeCoverage(view, range),
    max_drawdown: maxDrawdown(view, range),
    onchain_inventory: onchainInventory(view, range),
    hedged_inventory: hedgedInventory(view, range),
    inventory_turnover: inventoryTurnover(view, range),
    rebalancing_count: rebalancingCount(view, range),
    inventory_level: inventoryLevel(view, range),
    var_99_1d: valueAtRisk(view, range),
    liquidation_buffer: liquidationBuffer(view, range),
    flashloan_exposure: flashloanExposure(view, range),
    gas_risk_ratio: gasRiskRatio(view, range),
    total_pnl: totalPnl(view, range),
    token_pnl: tokenPnl(view, range),
    revenue_efficiency: revenueEfficiency(view, range),
  };
}

export function expectedKpis(record: WorldRecord, range: TimeRange, config: KpiConfig = DEMO_KPI_CONFIG): ExpectedKpis {
  return expectedKpisOf(viewLedger(record, config), range);
}
