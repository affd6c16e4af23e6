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
import { KPIS, type DataInput, type KpiDefinition, type KpiId } from '../../../src/core/catalogue';
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

export interface KpiEntry extends KpiComputation {
  /** Its catalogue entry: the words, the bands, the plans. */
  kpi: KpiDefinition;
  /** The dataset parts gathered for it: its catalogue `reads`. */
  needs: readonly DataInput[];
}

const bucket = (formula: KpiFormula): KpiComputation => ({ formula, series: 'bucket' });

/** Keyed by every KpiId: a KPI added to the catalogue without a formula fails the typecheck here. */
const COMPUTATIONS: { readonly [Id in KpiId]: KpiComputation } = {
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

function entryOf(kpi: KpiDefinition): KpiEntry {
  return { kpi, ...COMPUTATIONS[kpi.id], needs: kpi.reads };
}

/** Every KPI's entry, keyed by id, in the catalogue's order. */
export const REGISTRY: { readonly [Id in KpiId]: KpiEntry } = Object.fromEntries(
  KPIS.map((kpi) => [kpi.id, entryOf(kpi)])
) as { [Id in KpiId]: KpiEntry };
