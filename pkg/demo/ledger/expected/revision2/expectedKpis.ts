/**
 * The expected value of every catalogue KPI under revision 2 of the framework, from the ledger alone
 * (never the chain, never the engine). The KPIs revision 2 does not redefine (section 1's) are revision
 * 1's; the others read revision 2's portfolio (native ETH, the flash-loan receiver), prices (a stale feed
 * valued at CoinGecko) and external flows. `priceFlags` says which assets were valued at CoinGecko.
 */
import type { WorldRecord } from '../../record';
import { blocksInRange } from '../range';
import type { ExpectedKpis, TimeRange } from '../types';
import {
  executionLatencyMs,
  gasPriceImpact,
  measuredAtQueryTime,
  quoteAcceptance,
  quoteResponseMs,
  settlementSuccess,
  uptime,
} from '../uptimeKpis';
import type { Asset } from '../../../sim/scenario';
import { DEMO_REVISION2_CONFIG, type Revision2Config } from './config';
import { hedgedInventory, inventoryLevel, inventoryTurnover, onchainInventory, rebalancingCount } from './inventory';
import { revenueEfficiency, tokenPnl, totalPnl } from './performance';
import { concentration, hedgeCoverage, maxDrawdown, netDelta } from './position';
import { flashloanExposure, gasRiskRatio, liquidationBuffer, valueAtRisk } from './risk';
import { viewRevision2, type Revision2View } from './view';

export function expectedKpisRevision2Of(view: Revision2View, range: TimeRange): ExpectedKpis {
  const base = view.base;
  return {
    uptime: uptime(base, range),
    quote_response_ms: quoteResponseMs(base, range),
    node_health: measuredAtQueryTime('Node health (sync lag and round trip of each RPC node), measured now'),
    settlement_success: settlementSuccess(base, range),
    gas_price_impact: gasPriceImpact(base, range),
    quote_acceptance: quoteAcceptance(base, range),
    network_latency_ms: measuredAtQueryTime('Network latency (round trip to each endpoint), measured now'),
    execution_latency_ms: executionLatencyMs(base, range),
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

export function expectedKpisRevision2(
  record: WorldRecord,
  range: TimeRange,
  config: Revision2Config = DEMO_REVISION2_CONFIG
): ExpectedKpis {
  return expectedKpisRevision2Of(viewRevision2(record, config), range);
}

/** Assets valued at CoinGecko (stale feed) or flagged off it, at any block in the range. */
export function priceFlags(view: Revision2View, range: TimeRange): { stale: Asset[]; deviating: Asset[] } {
  const stale = new Set<Asset>();
  const deviating = new Set<Asset>();
  for (const i of blocksInRange(view.record, range)) {
    view.prices.flags[i].stale.forEach((a) => stale.add(a));
    view.prices.flags[i].deviating.forEach((a) => deviating.add(a));
  }
  return { stale: [...stale], deviating: [...deviating] };
}
