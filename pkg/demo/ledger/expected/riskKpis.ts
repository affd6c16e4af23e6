/** Section 4 of the framework (risk). */
import type { Prices } from '../../sim/market';
import { ASSETS, type Asset } from '../../sim/scenario';
import type { BlockHoldings } from './holdings';
import type { LedgerView } from './ledgerView';
import { stateHoldings } from './positionKpis';
import { pricesAt as pricesInForce } from './prices';
import { DAY_MS, inRange } from './range';
import { percentOf, quantile, sum } from './stats';
import { toAmount } from './units';
import { nav, spotUnits, venueBalanceUnits } from './valuation';
import type { ExpectedValue, TimeRange } from './types';

const NO_BLOCK: ExpectedValue = { value: null, note: 'no simulated block at or before the range end' };

/**
 * Daily returns ending at the state block: r_k = p(t0 − (k−1)·24 h) ÷ p(t0 − k·24 h) − 1, k = 1 … N,
 * with the price book's prices at each time (revision 1: what the chain's feeds answered, a stale
 * feed's older answer included): those of the last simulated block at or before it, or, before the
 * first simulated block, the feeds' opening answers posted at set-up (when the record has them). The look-back stops where the feeds had no answer yet; the range's start does not
 * limit it.
 */
export function dailyReturns(view: LedgerView, h: BlockHoldings, maxDays: number): Array<Record<Asset, number>> {
  const blocks = view.record.blocks;
  const opening = view.prices.opening;
  const feedsFromMs = (opening?.fromSec ?? blocks[0].timestamp) * 1000;
  const pricesAt = (timeMs: number): Prices => pricesInForce(view.record, view.prices, timeMs);
  const t0 = h.timestamp * 1000;
  const returns: Array<Record<Asset, number>> = [];
  for (let k = 1; k <= maxDays && t0 - k * DAY_MS >= feedsFromMs; k++) {
    const later = pricesAt(t0 - (k - 1) * DAY_MS);
    const earlier = pricesAt(t0 - k * DAY_MS);
    returns.push(Object.fromEntries(ASSETS.map((a) => [a, later[a] / earlier[a] - 1])) as Record<Asset, number>);
  }
  return returns;
}

/**
 * Historical simulation: the state block's positions (spot + venue balance + perps, per asset, in
 * units) revalued with each daily return; VaR = the loss at the (1 − confidence) quantile of those
 * P&Ls (linear interpolation), ÷ NAV × 100, and 0 when even that quantile is a gain.
 */
export function valueAtRisk(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const { config } = view;
  const exposureUsd = Object.fromEntries(
    ASSETS.map((a) => [a, (spotUnits(h, a) + venueBalanceUnits(h, a, config) + h.hedge.perps[a]) * h.prices[a]])
  ) as Record<Asset, number>;
  const returns = dailyReturns(view, h, config.varWindowDays);
  const pnls = returns.map((r) => sum(ASSETS.map((a) => exposureUsd[a] * r[a])));
  const q = quantile(pnls, 1 - config.varConfidence);
  if (q === null) {
    return { value: null, note: 'no full day of price history before the state block' };
  }
  const total = nav(h, config);
  const loss = Math.max(0, -q);
  return { value: percentOf(loss, total), parts: { returns: pnls.length, lossUsd: loss, navUsd: total } };
}

/**
 * Per lending venue with debt: (liquidation-weighted collateral − debt) ÷ debt × 100, in USD at the
 * block's feed prices (Aave: Σ aToken × price × liquidation threshold, = health factor − 1; Comet:
 * Σ collateral × price × liquidateCollateralFactor against the borrow). A venue without debt has no
 * buffer and is left out of the breakdown; the KPI value is the smallest buffer, null when no venue
 * has debt.
 */
export function liquidationBuffer(view: LedgerView, range: TimeRange): ExpectedValue {
  const h = stateHoldings(view, range);
  if (!h) {
    return NO_BLOCK;
  }
  const { config } = view;
  const value = (units: bigint, asset: Asset) => toAmount(units, asset) * h.prices[asset];
  const venues = {
    aave: {
      collateral: sum(ASSETS.map((a) => (value(h.aaveSupplied[a], a) * config.aave.liquidationThresholdBps[a]) / 1e4)),
      debt: sum(ASSETS.map((a) => value(h.aaveDebt[a], a))),
    },
    comet: {
      collateral: sum(
        ASSETS.map((a) => value(h.cometCollateral[a], a) * (config.comet.liquidateCollateralFactor[a] ?? 0))
      ),
      debt: sum(ASSETS.map((a) => value(h.cometBorrow[a], a))),
    },
  };
  const breakdown: Record<string, number> = {};
  for (const [venue, { collateral, debt }] of Object.entries(venues)) {
    if (debt > 0) {
      breakdown[venue] = ((collateral - debt) / debt) * 100;
    }
  }
  const buffers = Object.values(breakdown);
  if (buffers.length === 0) {
    return { value: null, breakdown, note: 'no debt' };
  }
  return { value: Math.min(...buffers), breakdown };
}

/** USD volume of the flash loans mined in the range (amount × price at the block) ÷ fill volume × 100. */
export function flashloanExposure(view: LedgerView, range: TimeRange): ExpectedValue {
  let loans = 0;
  view.record.blocks.forEach((block, i) => {
    if (inRange(block.timestamp * 1000, range)) {
      loans += sum(block.flashLoans.map((loan) => loan.amount * view.prices.blocks[i][loan.asset]));
    }
  });
  const volume = sum(view.fills.filter((fill) => inRange(fill.timestampMs, range)).map((fill) => fill.volumeUsd));
  return { value: percentOf(loans, volume), parts: { flashLoansUsd: loans, volumeUsd: volume } };
}

/** Gas of the wallets' own transactions ÷ trading revenue (the spread on fills; interest is not trading) × 100. */
export function gasRiskRatio(view: LedgerView, range: TimeRange): ExpectedValue {
  let gas = 0;
  let spread = 0;
  view.record.blocks.forEach((block, i) => {
    if (inRange(block.timestamp * 1000, range)) {
      for (const entry of view.pnl[i]) {
        gas -= entry.kind === 'gas' ? entry.usd : 0;
        spread += entry.kind === 'spread' ? entry.usd : 0;
      }
    }
  });
  return {
    value: spread > 0 ? (gas / spread) * 100 : null,
    parts: { gasUsd: gas, spreadUsd: spread },
    ...(spread > 0 ? {} : { note: 'no trading revenue in the range' }),
  };
}
