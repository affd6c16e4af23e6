/**
 * Section 5 of the framework (performance), revision 2: total PnL is the NAV change less external
 * flows, with the parts it adds up to (pnl.ts); token PnL is those parts by asset; revenue efficiency
 * weighs what the desk earns against what trading costs it. Null when the window holds no block.
 */
import type { KpiContext } from './context';
import { pnlEntries, pnlOver, PNL_PART_IDS } from './pnl';
import { DAY_MS, NO_BLOCKS, type KpiResult } from './result';
import { slope } from './stats';

/**
 * NAV change − external flows; judged on its trend: the least-squares slope (USD per day) of the
 * cumulative PnL at each block of the window. Its parts are the decomposition, keyed as the CLI and
 * the panel show them: navChangeUsd, externalFlowsUsd, then the parts that add up to the value (the
 * residual last). The breakdown is the seven parts the value adds up to (the catalogue's `part`
 * breakdown): shown beside the value, for a bar chart or table, never judged.
 */
export function totalPnl(ctx: KpiContext): KpiResult {
  const pnl = pnlOver(ctx.data, ctx.window);
  if (!pnl) {
    return NO_BLOCKS;
  }
  const days = Float64Array.from(pnl.cumulative, (c) => c.timeMs / DAY_MS);
  const cumulativeUsd = Float64Array.from(pnl.cumulative, (c) => c.usd);
  const decomposition: Record<string, number> = { ...pnl.parts, residualUsd: pnl.residualUsd };
  return {
    value: pnl.navChangeUsd - pnl.externalFlowsUsd,
    trend: slope(days, cumulativeUsd),
    parts: { navChangeUsd: pnl.navChangeUsd, externalFlowsUsd: pnl.externalFlowsUsd, ...decomposition },
    breakdown: decomposition,
  };
}

/** Total PnL's parts by asset (the residual is no asset's); the KPI shows the worst asset. */
export function tokenPnl(ctx: KpiContext): KpiResult {
  const pnl = pnlOver(ctx.data, ctx.window);
  if (!pnl) {
    return NO_BLOCKS;
  }
  return { value: ctx.worst(pnl.byAsset), breakdown: { ...pnl.byAsset } };
}

/**
 * (spread + interest earned) ÷ (gas + interest paid + flash-loan premiums + hedge fees + funding paid)
 * × 100. Funding counts where the venue charged it (each state's charge per asset); funding received
 * is not revenue here.
 */
export function revenueEfficiency(ctx: KpiContext): KpiResult {
  let revenueUsd = 0;
  let costsUsd = 0;
  for (const entry of pnlEntries(ctx.data, ctx.window)) {
    if (entry.kind === 'spread' || entry.kind === 'interestEarned') {
      revenueUsd += entry.usd;
    } else if (entry.kind === 'hedgeFunding') {
      costsUsd += Math.max(0, -entry.usd);
    } else {
      costsUsd -= entry.usd;
    }
  }
  if (costsUsd <= 0) {
    return { value: null, parts: { revenueUsd, costsUsd }, note: 'no trading cost in the range' };
  }
  return { value: (revenueUsd / costsUsd) * 100, parts: { revenueUsd, costsUsd } };
}

export { PNL_PART_IDS };
