/** Each formula against a small case worked out by hand (the arithmetic is in the comments). */
import { findKpi, stateOf, worstEntry } from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import { baseFeeColumns, type Dataset, type Window } from '../model';
import type { KpiContext } from './context';
import { inventoryTurnover, rebalancingCount, inventoryLevel } from './inventory';
import { tokenPnl, totalPnl } from './performance';
import { concentration, hedgeCoverage, maxDrawdown, netDelta } from './position';
import { flashloanExposure, gasRiskRatio, liquidationBuffer, valueAtRisk } from './risk';
import { interpolatedQuantile, slope } from './stats';
import { DAY, H, T0, dataset, holdings, snapshot } from './testDataset';
import { gasPriceImpact, nodeHealth, nodeScore, quoteAcceptance, settlementSuccess, uptime } from './uptime';

function ctx(data: Dataset, window: Window = data.window, kpiId = 'net_delta'): KpiContext {
  const kpi = findKpi(kpiId);
  if (!kpi) {
    throw new Error(kpiId);
  }
  return { data, window, worst: (b) => worstEntry(kpi, Object.values(b)) };
}

describe('statistics', () => {
  it('interpolates quantiles between order statistics (type 7)', () => {
    // sorted 1 2 3 4 5; p = 0.1 → position 0.4 → 1 + 0.4 × (2 − 1) = 1.4
    expect(interpolatedQuantile([5, 1, 4, 2, 3], 0.1)).toBeCloseTo(1.4, 12);
    expect(interpolatedQuantile([], 0.5)).toBeNull();
  });
  it('fits a least-squares slope, null without two distinct x', () => {
    // y = 3x + 1 exactly, at x far from 0 (as days since 1970 are)
    expect(slope([20000, 20001, 20002], [60001, 60004, 60007])).toBeCloseTo(3, 9);
    expect(slope([1], [2])).toBeNull();
  });
});

describe('position formulas', () => {
  it('net delta against the neutral level, perps included', () => {
    // WETH: 12 wallet + 3 supplied − 1 borrowed − 2 perp short = 12; neutral 10 → +20 %
    const s = snapshot(T0, { holdings: { WETH: holdings({ wallets: 12, supplied: 3, borrowed: 1, perp: -2 }) } });
    const r = netDelta(ctx(dataset({ snapshots: [s] })));
    expect(r.breakdown).toEqual({ WETH: 20 });
    expect(r.value).toBe(20);
  });
  it('net delta without a neutral level: net ÷ (wallets + supplied); stablecoins have none', () => {
    // WBTC: net = 4 wallets + 1 supplied + 0.5 at the venue − 0.5 borrowed − 3 perp short = 2;
    // held = 4 + 1 = 5 → 40 %. USDC is stable: no entry. The note names the level in force per asset.
    const s = snapshot(T0, {
      prices: { WETH: 2000, WBTC: 50_000, USDC: 1 },
      holdings: {
        WETH: holdings({ wallets: 10 }),
        WBTC: holdings({ wallets: 4, supplied: 1, venue: 0.5, borrowed: 0.5, perp: -3 }),
        USDC: holdings({ wallets: 10_000 }),
      },
    });
    const assets = [
      { symbol: 'WETH', stable: false, neutralUnits: 10 },
      { symbol: 'WBTC', stable: false },
      { symbol: 'USDC', stable: true },
    ];
    const r = netDelta(ctx(dataset({ assets, snapshots: [s] })));
    expect(r.breakdown).toEqual({ WETH: 0, WBTC: 40 });
    expect(r.value).toBe(40);
    expect(r.note).toBe('WETH: neutral level 10 units; WBTC: no neutral level, net ÷ (wallets + supplied)');
    // A stablecoin marked `stable: false` counts: USDC 10,000 held, no neutral level → 100 %
    const counted = netDelta(ctx(dataset({ assets: [{ symbol: 'USDC', stable: false }], snapshots: [s] })));
    expect(counted.breakdown).toEqual({ USDC: 100 });
    // Only stablecoins: no delta at all, and the note says why
    const none = netDelta(ctx(dataset({ assets: [{ symbol: 'USDC', stable: true }], snapshots: [s] })));
    expect(none.value).toBeNull();
    expect(none.note).toMatch(/stablecoins have no delta/);
  });
  it('concentration is the largest non-stable net exposure ÷ NAV; stablecoins only in the breakdown', () => {
    // WETH: 10 wallets − 4 perp = 6 net × 2000 = 12,000. USDC: 10,000 wallets + 5,000 at the venue = 15,000.
    // NAV = 10 × 2000 + 15,000 + 1,000 unrealized PnL = 36,000 (a perp is not NAV, its PnL is).
    // Shares: WETH 33.33 %, USDC 41.67 %: the value is WETH's, though USDC's share is larger.
    const s = snapshot(T0, {
      holdings: { WETH: holdings({ wallets: 10, perp: -4 }), USDC: holdings({ wallets: 10_000, venue: 5_000 }) },
      hedgeUnrealizedPnlUsd: 1_000,
    });
    const r = concentration(ctx(dataset({ snapshots: [s] })));
    expect(r.breakdown?.WETH).toBeCloseTo((12_000 / 36_000) * 100, 10);
    expect(r.breakdown?.USDC).toBeCloseTo((15_000 / 36_000) * 100, 10);
    expect(r.value).toBeCloseTo((12_000 / 36_000) * 100, 10);
    // A net short counts by its size: 10 − 30 = −20 WETH × 2000 = −40,000 ÷ NAV 30,000 → 133.33 %
    const short = snapshot(T0, {
      holdings: { WETH: holdings({ wallets: 10, perp: -30 }), USDC: holdings({ wallets: 10_000 }) },
    });
    const shortResult = concentration(ctx(dataset({ snapshots: [short] })));
    expect(shortResult.breakdown?.WETH).toBeCloseTo((-40_000 / 30_000) * 100, 10);
    expect(shortResult.value).toBeCloseTo((40_000 / 30_000) * 100, 10);
    // Nothing held: NAV 0, no share to take
    const empty = snapshot(T0, { holdings: { WETH: holdings({}), USDC: holdings({}) } });
    expect(concentration(ctx(dataset({ snapshots: [empty] }))).value).toBeNull();
  });
  it('hedge coverage: a perp on the other side of the exposure offsets it, one on the same side does not', () => {
    // exposure 14 − 10 = 4 WETH long, perp −3 → 75 %; perp +3 → 0 %
    const at = (perp: number) =>
      hedgeCoverage(
        ctx(dataset({ snapshots: [snapshot(T0, { holdings: { WETH: holdings({ wallets: 14, perp }) } })] }))
      );
    expect(at(-3).value).toBeCloseTo(75, 10);
    expect(at(3).value).toBe(0);
    expect(at(-3).note).toBe('WETH: exposure above its neutral level of 10 units');
  });
  it('hedge coverage is two-sided: 95–105 % ok, over-hedged a warning, under 80 % critical', () => {
    // exposure 14 − 10 = 4 WETH long; perps −5 → 125 %, −4.1 → 102.5 %, −3.6 → 90 %, −2.8 → 70 %
    const kpi = findKpi('hedge_coverage');
    const judged = (perp: number) => {
      const r = hedgeCoverage(
        ctx(dataset({ snapshots: [snapshot(T0, { holdings: { WETH: holdings({ wallets: 14, perp }) } })] }))
      );
      return [Number(r.value?.toFixed(9)), stateOf(kpi?.bands ?? [], r.value)];
    };
    expect(judged(-5)).toEqual([125, 'warning']);
    expect(judged(-4.1)).toEqual([102.5, 'ok']);
    expect(judged(-3.6)).toEqual([90, 'warning']);
    expect(judged(-2.8)).toEqual([70, 'critical']);
    // no neutral level: all holdings are to hedge, and the note says so (14 long, 7 short → 50 %)
    const r = hedgeCoverage(
      ctx(
        dataset({
          assets: [{ symbol: 'WETH', stable: false }],
          snapshots: [snapshot(T0, { holdings: { WETH: holdings({ wallets: 14, perp: -7 }) } })],
        })
      )
    );
    expect(r.value).toBeCloseTo(50, 10);
    expect(r.note).toBe('WETH: no neutral level, all holdings to hedge');
  });
  it('max drawdown is the deepest fall from a running peak, over the window only (no external flow)', () => {
    // NAV (10 WETH + 10,000 USDC): prices 2000, 3000, 1500, 2800 → 30k, 40k, 25k, 38k: (40 − 25) / 40 = 37.5 %
    const snaps = [2000, 3000, 1500, 2800].map((p, i) => snapshot(T0 + i * H, { prices: { WETH: p, USDC: 1 } }));
    const data = dataset({ snapshots: snaps });
    expect(maxDrawdown(ctx(data)).value).toBeCloseTo(37.5, 10);
    // one block: no fall
    expect(maxDrawdown(ctx(data, { fromMs: T0, toMs: T0 + 1 })).value).toBe(0);
    // empty window: undefined, not 0
    expect(maxDrawdown(ctx(data, { fromMs: T0 + 10 * H, toMs: T0 + 11 * H })).value).toBeNull();
  });
  it('max drawdown counts falls only once the wallets held something (a fall from nothing is no fall)', () => {
    // NAV 0, 0, 30k, 24k (10 WETH at 2000 then 1400, plus 10,000 USDC): (30 − 24) / 30 = 20 %
    const empty = { WETH: holdings({}), USDC: holdings({}) };
    const snaps = [
      snapshot(T0, { holdings: empty }),
      snapshot(T0 + H, { holdings: empty }),
      snapshot(T0 + 2 * H),
      snapshot(T0 + 3 * H, { prices: { WETH: 1400, USDC: 1 } }),
    ];
    expect(maxDrawdown(ctx(dataset({ snapshots: snaps }))).value).toBeCloseTo(20, 10);
    // nothing held at all: no drawdown to speak of, not 0 %
    expect(maxDrawdown(ctx(dataset({ snapshots: snaps.slice(0, 2) }))).value).toBeNull();
  });
});

describe('inventory formulas', () => {
  it('turnover is volume ÷ mean NAV per day of the window', () => {
    // NAV 30,000 at both blocks; 45,000 traded over a 12 h window → 1.5 ÷ 0.5 day = 3 per day
    const data = dataset({
      snapshots: [snapshot(T0), snapshot(T0 + H)],
      fills: [
        {
          timeMs: T0 + H,
          base: 'WETH',
          quote: 'USDC',
          baseUnits: 22.5,
          volumeUsd: 45_000,
          spreadUsd: 0,
          quotedAtMs: null,
        },
      ],
    });
    expect(inventoryTurnover(ctx(data, { fromMs: T0, toMs: T0 + 12 * H })).value).toBeCloseTo(3, 12);
    // Revision 2 (time-weighted NAV): a window after the last block has that block's NAV and no fills: 0;
    // a window before any state has no NAV: null.
    expect(inventoryTurnover(ctx(data, { fromMs: T0 + 2 * H, toMs: T0 + 3 * H })).value).toBe(0);
    expect(inventoryTurnover(ctx(data, { fromMs: T0 - 3 * H, toMs: T0 - 2 * H })).value).toBeNull();
  });
  it('moves between parts of the portfolio per day, each kind counted, 0 with blocks and none, null without blocks', () => {
    const data = dataset({
      snapshots: [snapshot(T0)],
      rebalances: [
        { timeMs: T0 + H, kind: 'wallets' },
        { timeMs: T0 + 2 * H, kind: 'lending' },
        { timeMs: T0 + 3 * H, kind: 'venue' },
        { timeMs: T0 + 13 * H, kind: 'lending' },
      ],
    });
    // 3 moves in half a day: 6 per day; the fourth is after the window.
    const r = rebalancingCount(ctx(data, { fromMs: T0, toMs: T0 + 12 * H }));
    expect(r.value).toBe(6);
    expect(r.parts).toEqual({ wallets: 1, lending: 1, venue: 1, days: 0.5 });
    expect(rebalancingCount(ctx(dataset(), { fromMs: T0, toMs: T0 + H })).value).toBe(0);
    expect(rebalancingCount(ctx(dataset(), { fromMs: T0 + H, toMs: T0 + 2 * H })).value).toBeNull();
  });
  it('inventory level per asset against its target, headline the worst', () => {
    // WETH 10 × 2000 = 20,000 / 20,000 = 100 %; USDC 10,000 / 10,000 = 100 % … make WETH 5 → 50 %
    const s = snapshot(T0, { holdings: { WETH: holdings({ wallets: 5 }), USDC: holdings({ wallets: 10_000 }) } });
    const r = inventoryLevel(ctx(dataset({ snapshots: [s] }), undefined, 'inventory_level'));
    expect(r.breakdown).toEqual({ WETH: 50, USDC: 100 });
    expect(r.value).toBe(50);
  });
});

describe('risk formulas', () => {
  it('historical VaR: the 1 % quantile of the revalued daily P&Ls, as % of NAV', () => {
    // exposure WETH 10 × 2000 = 20,000 USD; returns +10 %, −5 %, −20 % (prices newest first 1980, 1800, 1894.74, 2368.42)
    const prices = [1980, 1800, 1800 / 0.95, 1800 / 0.95 / 0.8].map((p) => ({ WETH: p, USDC: 1 }));
    // newest first, one day apart, ending at the state block's time (T0)
    const priceHistory = prices.map((p, k) => ({ timeMs: T0 - k * DAY, prices: p })).reverse();
    // The minimum number of returns lowered to these 3, to check the arithmetic on a small case.
    const var3 = { windowDays: 90, confidence: 0.99, minReturns: 3 };
    const data = dataset({ priceHistory, var: var3 });
    // P&Ls 2000, −1000, −4000; sorted −4000 −1000 2000; p = 0.01 → position 0.02 → −4000 + 0.02 × 3000 = −3940
    // NAV 30,000 → 13.1333 %
    expect(valueAtRisk(ctx(data)).value).toBeCloseTo((3940 / 30_000) * 100, 9);
    // a price only at the state block: no full day of history
    expect(valueAtRisk(ctx(dataset({ priceHistory: [priceHistory[3]], var: var3 }))).note).toBe(
      '0 daily returns; VaR needs at least 3'
    );
    // a price an hour off a day boundary is the one in force then: the last at or before it
    const shifted = priceHistory.map((p, i) => (i === 0 ? { ...p, timeMs: p.timeMs - H } : p));
    expect(valueAtRisk(ctx(dataset({ priceHistory: shifted, var: var3 }))).value).toBeCloseTo((3940 / 30_000) * 100, 9);
  });
  it('VaR needs at least 30 daily returns (revision 2): fewer is no value and a note naming how many', () => {
    // The same 3 returns under the default minimum of 30.
    const priceHistory = [1980, 1800, 1800 / 0.95, 1800 / 0.95 / 0.8]
      .map((p, k) => ({ timeMs: T0 - k * DAY, prices: { WETH: p, USDC: 1 } }))
      .reverse();
    const r = valueAtRisk(ctx(dataset({ priceHistory })));
    expect(r.value).toBeNull();
    expect(r.note).toBe('3 daily returns; VaR needs at least 30');
    // Exactly 30: 29 returns of +1 % and one of −10 % on 20,000 USD of WETH: P&Ls 29 × +200 and one −2000.
    // Sorted: −2000, 200, …; p = 0.01 → position 0.01 × 29 = 0.29 → −2000 + 0.29 × 2200 = −1362 → 1362 ÷ 30,000
    const returns = [...Array<number>(29).fill(0.01), -0.1]; // r_1 … r_30, newest first
    const prices = [2000];
    for (const r_k of returns) {
      prices.push(prices[prices.length - 1] / (1 + r_k));
    }
    const thirty = prices.map((p, k) => ({ timeMs: T0 - k * DAY, prices: { WETH: p, USDC: 1 } })).reverse();
    const result = valueAtRisk(ctx(dataset({ priceHistory: thirty })));
    expect(result.parts?.returns).toBe(30);
    expect(result.value).toBeCloseTo((1362 / 30_000) * 100, 9);
  });
  it('liquidation buffer per venue with debt; no debt is no buffer, not zero', () => {
    const s = snapshot(T0, {
      lending: [
        { venue: 'aave', weightedCollateralUsd: 150, debtUsd: 100 },
        { venue: 'comet', weightedCollateralUsd: 110, debtUsd: 100 },
        { venue: 'idle', weightedCollateralUsd: 50, debtUsd: 0 },
      ],
    });
    const r = liquidationBuffer(ctx(dataset({ snapshots: [s] }), undefined, 'liquidation_buffer'));
    expect(r.breakdown).toEqual({ aave: 50, comet: 10 });
    expect(r.value).toBeCloseTo(10, 12);
    const none = liquidationBuffer(ctx(dataset({ snapshots: [snapshot(T0)] }), undefined, 'liquidation_buffer'));
    expect(none.value).toBeNull();
    expect(none.note).toBe('no debt');
  });
  it('flash-loan exposure and gas risk are shares of volume and of spread', () => {
    const data = dataset({
      fills: [
        { timeMs: T0, base: 'WETH', quote: 'USDC', baseUnits: 1, volumeUsd: 1000, spreadUsd: 40, quotedAtMs: null },
      ],
      flashLoans: [{ timeMs: T0, asset: 'USDC', amountUsd: 150, premiumUsd: 0.075 }],
      walletTxs: [{ timeMs: T0, gasUsd: 2, asset: 'USDC' }],
    });
    expect(flashloanExposure(ctx(data)).value).toBeCloseTo(15, 12);
    expect(gasRiskRatio(ctx(data)).value).toBeCloseTo(5, 12);
    expect(gasRiskRatio(ctx(dataset())).value).toBeNull();
  });
});

describe('performance formulas', () => {
  it('borrow interest takes the principal moved in each interval, per debt key, also across a block without the key', () => {
    // Blocks at T0, +1 h, +2 h, +3 h (hourly). aave:USDC: 1000 → 1101 (100 borrowed at +30 min: 1 interest)
    // → absent (repaid 1101 at +1.5 h: debt 0, no key) → 500.25 (500 borrowed at +2.5 h; 0 before: 0.25).
    // comet:WETH: 2 → 2.001 (no flow: 0.001 interest, at 2,000 USD = 2) → … → 2.001 → 3.002 (1 borrowed at
    // exactly +3 h, counted in the interval it ends: 0.001 → 2). A flow before the first block counts nowhere.
    const snaps = [
      snapshot(T0, { debtUnits: { 'aave:USDC': 1000, 'comet:WETH': 2 } }),
      snapshot(T0 + H, { debtUnits: { 'aave:USDC': 1101, 'comet:WETH': 2.001 } }),
      snapshot(T0 + 2 * H, { debtUnits: { 'comet:WETH': 2.001 } }),
      snapshot(T0 + 3 * H, { debtUnits: { 'aave:USDC': 500.25, 'comet:WETH': 3.002 } }),
    ];
    const flow = (timeMs: number, key: string, units: number) => ({ timeMs, key, asset: key.split(':')[1], units });
    const data = dataset({
      window: { fromMs: T0, toMs: T0 + 4 * H },
      snapshots: snaps,
      debtFlows: [
        flow(T0 + 3 * H, 'comet:WETH', 1),
        flow(T0 - H, 'aave:USDC', 999),
        flow(T0 + 2.5 * H, 'aave:USDC', 500),
        flow(T0 + 0.5 * H, 'aave:USDC', 100),
        flow(T0 + 1.5 * H, 'aave:USDC', -1101),
      ],
    });
    // USDC interest: 1 (+1 h) and 0.25 (+3 h; the +2 h block has no USDC key) → −1.25 USD
    // WETH interest: 0.001 (+1 h) and 0.001 (+3 h) at 2,000 → −4 USD
    const t = tokenPnl(ctx(data, data.window, 'token_pnl'));
    expect(t.breakdown?.USDC).toBeCloseTo(-1.25, 9);
    expect(t.breakdown?.WETH).toBeCloseTo(-4, 9);
    // Only the last interval: its block is the window's only one after the first (the window starts at +2.5 h).
    const late = tokenPnl(ctx(data, { fromMs: T0 + 2.5 * H, toMs: T0 + 4 * H }, 'token_pnl'));
    expect(late.breakdown?.USDC).toBeCloseTo(-0.25, 9);
    expect(late.breakdown?.WETH).toBeCloseTo(-2, 9);
  });
  it('an empty range has no PnL (null), not a PnL of 0', () => {
    expect(totalPnl(ctx(dataset(), { fromMs: T0 + H, toMs: T0 + 2 * H }, 'total_pnl')).value).toBeNull();
  });
});

describe('uptime formulas', () => {
  const rfq = (i: number, error: string | null, filled = false) => ({
    id: `r${i}`,
    base: 'WETH',
    quote: 'USDC',
    receivedAtMs: T0 + i,
    quotedAtMs: error ? null : T0 + i + 100,
    error,
    price: error ? null : 2000,
    accepted: filled,
    filled,
  });
  it('uptime and acceptance over the RFQs received in the window', () => {
    // 200 RFQs, 3 errors → 197 / 200 = 98.5 %; 50 of the 197 quotes filled → 25.38 %
    const rfqs = Array.from({ length: 200 }, (_, i) => rfq(i, i < 3 ? 'timeout' : null, i >= 3 && i < 53));
    const data = dataset({ rfqs });
    expect(uptime(ctx(data)).value).toBeCloseTo(98.5, 12);
    expect(quoteAcceptance(ctx(data)).value).toBeCloseTo((50 / 197) * 100, 12);
    expect(uptime(ctx(dataset())).value).toBeNull();
  });
  it('settlement success counts reverted transactions', () => {
    const settlements = [true, true, true, false].map((ok, i) => ({ timeMs: T0 + i, ok }));
    expect(settlementSuccess(ctx(dataset({ settlements }))).value).toBe(75);
  });
  it('gas volatility: population standard deviation ÷ mean of the base fees of the last 24 h', () => {
    // fees 10, 20, 30 gwei: mean 20, σ = √(200/3) = 8.165 → 40.82 %; a fee 25 h before the end is left out
    const baseFees = [10, 20, 30].map((g, i) => ({ timeMs: T0 + DAY - (i + 1) * H, wei: g * 1e9 }));
    baseFees.push({ timeMs: T0 - H, wei: 1e12 });
    expect(gasPriceImpact(ctx(dataset({ baseFees: baseFeeColumns(baseFees) }))).value).toBeCloseTo(
      (Math.sqrt(200 / 3) / 20) * 100,
      9
    );
  });
  it('node health: 0.7 × sync + 0.3 × speed per node', () => {
    // head 100 vs highest 105: lag 5 → sync 1 − 4/9; 650 ms → speed 1 − 450/1800 = 0.75
    const score = nodeScore({ node: 'b', head: 100n, syncing: false, roundTripMs: 650 }, 105n);
    expect(score).toBeCloseTo((0.7 * (5 / 9) + 0.3 * 0.75) * 100, 10);
    expect(nodeScore({ node: 'a', head: 105n, syncing: false, roundTripMs: 150 }, 105n)).toBe(100);
    expect(nodeScore({ node: 'c', head: 104n, syncing: true, roundTripMs: 150 }, 105n)).toBeCloseTo(30, 10);
    expect(nodeScore({ node: 'd', head: null, syncing: false, roundTripMs: null, error: 'down' }, 105n)).toBe(0);
    const data = dataset({
      nodes: [
        { node: 'a', head: 105n, syncing: false, roundTripMs: 150 },
        { node: 'b', head: 95n, syncing: false, roundTripMs: 150 },
      ],
    });
    // b: lag 10 → sync 0; speed 1 → 30 %; the headline is the worst node
    const r = nodeHealth(ctx(data, data.window, 'node_health'));
    expect(r.breakdown).toEqual({ a: 100, b: 30 });
    expect(r.value).toBe(30);
  });
  it('a failed source throws its own error for the KPIs that read it', () => {
    const failure = new PmmError('quote-log', 'HTTP 500', { fix: 'check the quote log endpoint' });
    expect(() => uptime(ctx(dataset({ rfqs: failure })))).toThrow(failure);
  });
});
