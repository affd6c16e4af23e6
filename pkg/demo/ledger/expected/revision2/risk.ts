/** Section 4 of revision 2 (risk). */
import { ASSETS, type Asset } from '../../../sim/scenario';
import { pricesAt } from '../prices';
import { DAY_MS } from '../range';
import {
  flashloanExposure as flashloanExposureOf,
  gasRiskRatio as gasRiskRatioOf,
  liquidationBuffer as liquidationBufferOf,
} from '../riskKpis';
import { percentOf, quantile, sum } from '../stats';
import type { ExpectedValue, TimeRange } from '../types';
import { navOf, netExposureUnits } from './portfolio';
import { stateAt } from './position';
import type { Revision2View } from './view';

/**
 * Historical simulation: the state block's net exposures (net units incl. perps and the venue's margin,
 * and the gas float as ETH) revalued with each of the last N daily returns, r_k = p(t0 − (k−1)·24 h) ÷
 * p(t0 − k·24 h) − 1, p = revision 2's price of the last block at or before the time. The look-back
 * stays inside the simulated history: before its first block the demo's feeds hold set-up's answer,
 * stale by any heartbeat, and CoinGecko has no price. With fewer returns than the minimum: no value,
 * and the note says how many there are. VaR = the (1 − confidence) quantile loss ÷ NAV × 100.
 */
export function valueAtRisk(view: Revision2View, range: TimeRange): ExpectedValue {
  const s = stateAt(view, range);
  if (!s) {
    return { value: null, note: 'no simulated block at or before the range end' };
  }
  const { config } = view;
  const exposure = Object.fromEntries(ASSETS.map((a) => [a, netExposureUnits(s, a, config) * s.prices[a]])) as Record<
    Asset,
    number
  >;
  exposure[config.base.ethPriceAsset] += s.nativeEth * s.prices[config.base.ethPriceAsset];
  const t0 = s.timestamp * 1000;
  const historyFromMs = view.record.blocks[0].timestamp * 1000;
  const pnls: number[] = [];
  for (let k = 1; k <= config.base.varWindowDays && t0 - k * DAY_MS >= historyFromMs; k++) {
    const later = pricesAt(view.record, view.prices, t0 - (k - 1) * DAY_MS);
    const earlier = pricesAt(view.record, view.prices, t0 - k * DAY_MS);
    pnls.push(sum(ASSETS.map((a) => exposure[a] * (later[a] / earlier[a] - 1))));
  }
  if (pnls.length < config.varMinReturns) {
    return {
      value: null,
      parts: { returns: pnls.length },
      note: `${pnls.length} daily returns; VaR needs at least ${config.varMinReturns}`,
    };
  }
  const nav = navOf(s, config);
  const loss = Math.max(0, -(quantile(pnls, 1 - config.base.varConfidence) ?? 0));
  return { value: percentOf(loss, nav), parts: { returns: pnls.length, lossUsd: loss, navUsd: nav } };
}

/**
 * Per lending position, as revision 1 (Aave: health factor − 1): at the feeds' on-chain answers, a
 * stale one included, since the protocols' own oracles decide a liquidation.
 */
export function liquidationBuffer(view: Revision2View, range: TimeRange): ExpectedValue {
  return liquidationBufferOf(view.onchain, range);
}

/** Flash-loan volume ÷ fill volume × 100, both at revision 2's prices. */
export function flashloanExposure(view: Revision2View, range: TimeRange): ExpectedValue {
  return flashloanExposureOf(view.base, range);
}

/** The wallets' gas ÷ spread revenue × 100, both at revision 2's prices. */
export function gasRiskRatio(view: Revision2View, range: TimeRange): ExpectedValue {
  return gasRiskRatioOf(view.base, range);
}
