/**
 * Everything about a KPI, by its id. For each KPI of the catalogue:
 * - its words (name, unit, target, bands, plans, description, formula in words, choices, sources) and
 *   the dataset parts it reads (`reads`) are its catalogue entry, in src/core/catalogue/kpis.ts;
 * - its formula is the function named below, in this folder (uptime.ts, position.ts, inventory.ts,
 *   risk.ts, performance.ts), a pure function of the dataset (pkg/engine/model.ts);
 * - its series rule (the window each point of its series covers) is below;
 * - what is gathered for it is its `reads`: gather/needs.ts turns them into the parts gather reads.
 * registry.test.ts runs every formula over a dataset that records the parts it touches and checks
 * them against `reads`; the catalogue's tests check `sources` against `reads`.
 */
import { findKpi, type DataInput, type KpiDefinition, type KpiId } from '../../../src/core/catalogue';
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

/**
 * The window each point of a KPI's series covers: `bucket` = the step before the point, `sinceStart`
 * = from the range start to the point (drawdown, cumulative PnL), `day` = the 24 h before the point
 * (the framework's daily turnover and rebalancing).
 */
export type SeriesWindow = 'bucket' | 'sinceStart' | 'day';

export interface KpiComputation {
  formula: KpiFormula;
  series: SeriesWindow;
}

export interface KpiEntry<Id extends KpiId = KpiId> extends KpiComputation {
  id: Id;
  /** Its catalogue entry: the words, the bands, the plans. */
  kpi: KpiDefinition;
  /** The dataset parts gathered for it: its catalogue `reads`. */
  needs: readonly DataInput[];
}

function entry<Id extends KpiId>(id: Id, formula: KpiFormula, series: SeriesWindow = 'bucket'): KpiEntry<Id> {
  const kpi = findKpi(id);
  if (!kpi) {
    // KPI_IDS and the catalogue's KPIS list the same ids (a catalogue test checks it).
    throw new Error(`KPI ${id} has an id but no catalogue entry`);
  }
  return { id, kpi, formula, series, needs: kpi.reads };
}

/** Every KPI, by id: a KPI without a formula here, or under another's id, fails the typecheck. */
export const REGISTRY: { readonly [Id in KpiId]: KpiEntry<Id> } = {
  uptime: entry('uptime', uptime),
  quote_response_ms: entry('quote_response_ms', quoteResponseMs),
  node_health: entry('node_health', nodeHealth),
  settlement_success: entry('settlement_success', settlementSuccess),
  gas_price_impact: entry('gas_price_impact', gasPriceImpact),
  quote_acceptance: entry('quote_acceptance', quoteAcceptance),
  network_latency_ms: entry('network_latency_ms', networkLatencyMs),
  execution_latency_ms: entry('execution_latency_ms', executionLatencyMs),
  net_delta: entry('net_delta', netDelta),
  concentration: entry('concentration', concentration),
  hedge_coverage: entry('hedge_coverage', hedgeCoverage),
  max_drawdown: entry('max_drawdown', maxDrawdown, 'sinceStart'),
  onchain_inventory: entry('onchain_inventory', onchainInventory),
  hedged_inventory: entry('hedged_inventory', hedgedInventory),
  inventory_turnover: entry('inventory_turnover', inventoryTurnover, 'day'),
  rebalancing_count: entry('rebalancing_count', rebalancingCount, 'day'),
  inventory_level: entry('inventory_level', inventoryLevel),
  var_99_1d: entry('var_99_1d', valueAtRisk),
  liquidation_buffer: entry('liquidation_buffer', liquidationBuffer),
  flashloan_exposure: entry('flashloan_exposure', flashloanExposure),
  gas_risk_ratio: entry('gas_risk_ratio', gasRiskRatio),
  total_pnl: entry('total_pnl', totalPnl, 'sinceStart'),
  token_pnl: entry('token_pnl', tokenPnl),
  revenue_efficiency: entry('revenue_efficiency', revenueEfficiency),
};
