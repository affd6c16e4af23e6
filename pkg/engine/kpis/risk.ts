/** Section 4 of the framework (risk). */
import type { PricePoint } from '../model';
import type { KpiContext } from './context';
import { DAY_MS, inWindow, need, NO_STATE, stateAt, type KpiResult } from './result';
import { interpolatedQuantile, share, total } from './stats';
import { netUnits } from './position';
import { nativeEthUsd, navUsd } from './valuation';

/** The prices in force at a time: the last point at or before it; undefined before the history. */
function priceAt(history: readonly PricePoint[], timeMs: number): Record<string, number> | undefined {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid].timeMs <= timeMs) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo > 0 ? history[lo - 1].prices : undefined;
}

/**
 * Historical simulation: the state block's net exposure per asset (net units as net delta reads them:
 * wallets + supplied − borrowed + venue balance + perp, in USD; the ETH asset's adds the wallets' native
 * ETH, the gas float, which moves with ETH's price as WETH does) revalued with each daily return r_k =
 * p(t0 − (k−1) d) ÷ p(t0 − k d) − 1, k = 1 … N, t0 the state block's time, while the feeds had a price
 * (the look-back is not limited by the range's start). With fewer returns than the minimum
 * (data.var.minReturns) there is no value, and the note says how many there are: a 1st percentile of a
 * handful of days is not a 99 % VaR. VaR is the loss at the (1 − confidence) quantile of those P&Ls as
 * % of NAV, 0 when even that is a gain.
 */
export function valueAtRisk(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const history = need(ctx.data.priceHistory);
  const { windowDays, confidence, minReturns } = ctx.data.var;
  const pnls: number[] = [];
  for (let k = 1; k <= windowDays; k++) {
    const later = priceAt(history, s.timeMs - (k - 1) * DAY_MS);
    const earlier = priceAt(history, s.timeMs - k * DAY_MS);
    if (!later || !earlier) {
      break;
    }
    let pnl = 0;
    for (const asset of ctx.data.assets) {
      const gasFloatUsd = asset.symbol === s.ethAsset ? nativeEthUsd(s) : 0;
      const exposureUsd = netUnits(s, asset.symbol) * (s.prices[asset.symbol] ?? 0) + gasFloatUsd;
      pnl += exposureUsd * (later[asset.symbol] / earlier[asset.symbol] - 1);
    }
    pnls.push(pnl);
  }
  if (pnls.length < minReturns) {
    return {
      value: null,
      parts: { returns: pnls.length },
      note: `${pnls.length} daily returns; VaR needs at least ${minReturns}`,
    };
  }
  const quantile = interpolatedQuantile(pnls, 1 - confidence);
  if (quantile === null) {
    return { value: null, parts: { returns: 0 }, note: 'no full day of price history before the state block' };
  }
  const lossUsd = Math.max(0, -quantile);
  return { value: share(lossUsd, navUsd(s)), parts: { returns: pnls.length, lossUsd, navUsd: navUsd(s) } };
}

/**
 * Per lending venue with debt: (liquidation-weighted collateral − debt) ÷ debt × 100 (Aave: health
 * factor − 1). A venue without debt cannot be liquidated and has no buffer; null when none has debt.
 */
export function liquidationBuffer(ctx: KpiContext): KpiResult {
  const s = stateAt(need(ctx.data.snapshots), ctx.window);
  if (!s) {
    return NO_STATE;
  }
  const breakdown: Record<string, number> = {};
  for (const position of s.lending) {
    if (position.debtUsd > 0) {
      breakdown[position.venue] = ((position.weightedCollateralUsd - position.debtUsd) / position.debtUsd) * 100;
    }
  }
  if (Object.keys(breakdown).length === 0) {
    return { value: null, breakdown, note: 'no debt' };
  }
  return { value: ctx.worst(breakdown), breakdown };
}

/** USD volume of the flash loans the wallets took ÷ fill volume × 100. */
export function flashloanExposure(ctx: KpiContext): KpiResult {
  const loansUsd = total(inWindow(need(ctx.data.flashLoans), ctx.window).map((l) => l.amountUsd));
  const volumeUsd = total(inWindow(need(ctx.data.fills), ctx.window).map((f) => f.volumeUsd));
  return { value: share(loansUsd, volumeUsd), parts: { flashLoansUsd: loansUsd, volumeUsd } };
}

/** Gas the wallets paid ÷ trading revenue (the spread captured on fills) × 100. */
export function gasRiskRatio(ctx: KpiContext): KpiResult {
  const gasUsd = total(inWindow(need(ctx.data.walletTxs), ctx.window).map((t) => t.gasUsd));
  const spreadUsd = total(inWindow(need(ctx.data.fills), ctx.window).map((f) => f.spreadUsd));
  if (spreadUsd <= 0) {
    return { value: null, parts: { gasUsd, spreadUsd }, note: 'no trading revenue in the range' };
  }
  return { value: (gasUsd / spreadUsd) * 100, parts: { gasUsd, spreadUsd } };
}
