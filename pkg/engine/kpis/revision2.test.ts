/**
 * Revision 2's shared valuation and the KPIs built on it, each against a case worked out by hand (the
 * arithmetic is in the comments): NAV with native ETH, total PnL and its parts, token PnL, flow-adjusted
 * drawdown, turnover on time-weighted NAV, revenue efficiency with funding paid only.
 */
import { findKpi, worstEntry } from '../../../src/core/catalogue';
import type { Dataset, Snapshot, Window } from '../model';
import type { KpiContext } from './context';
import { hedgedInventory, inventoryTurnover, onchainInventory } from './inventory';
import { revenueEfficiency, tokenPnl, totalPnl } from './performance';
import { maxDrawdown } from './position';
import { DAY, H, T0, dataset, holdings, snapshot } from './testDataset';
import { navLines, navUsd } from './valuation';

function ctx(data: Dataset, window: Window, kpiId: string): KpiContext {
  const kpi = findKpi(kpiId);
  if (!kpi) {
    throw new Error(kpiId);
  }
  return { data, window, worst: (b) => worstEntry(kpi, Object.values(b)) };
}

/**
 * Before the window (T0): 10 WETH and 10,000 USDC in the wallets, 1,000 USDC borrowed, 2 ETH of gas,
 * 5,000 USDC at the hedge venue with a 2 WETH short marked at 2,000; WETH 2,000, USDC 1.
 * NAV0 = 20,000 + (10,000 − 1,000) + 2 × 2,000 + 5,000 = 38,000.
 */
const before: Snapshot = snapshot(T0, {
  holdings: {
    WETH: holdings({ wallets: 10, perp: -2 }),
    USDC: holdings({ wallets: 10_000, borrowed: 1_000, venue: 5_000 }),
  },
  debtUnits: { 'aave:USDC': 1_000 },
  nativeEth: 2,
  hedgeMarks: { WETH: 2_000 },
});

/**
 * One block later (T0 + 1 h), WETH at 2,100: a fill gave 1 WETH for 2,150 USDC; 1,000 USDC of capital
 * came in; 500 USDC went to the hedge venue's deposit address; a flash loan's premium of 0.5 USDC was
 * paid from the receiver; 0.01 ETH of gas; the debt grew to 1,002 (2 of interest); the venue charged a
 * fee of 3 and its short lost 2 × 100 = 200 (unrealized).
 * Wallets: 9 WETH, 10,000 + 2,150 + 1,000 − 500 − 0.5 = 12,649.5 USDC; 1.99 ETH; venue 5,000 + 500 − 3.
 * NAV1 = 9 × 2,100 + (12,649.5 − 1,002) + 1.99 × 2,100 + 5,497 − 200 = 18,900 + 11,647.5 + 4,179 + 5,297
 *      = 40,023.5.
 */
const after: Snapshot = snapshot(T0 + H, {
  prices: { WETH: 2_100, USDC: 1 },
  holdings: {
    WETH: holdings({ wallets: 9, perp: -2 }),
    USDC: holdings({ wallets: 12_649.5, borrowed: 1_002, venue: 5_497 }),
  },
  debtUnits: { 'aave:USDC': 1_002 },
  nativeEth: 1.99,
  hedgeMarks: { WETH: 2_100 },
  hedgeUnrealizedPnlUsd: -200,
});

const oneBlock = dataset({
  window: { fromMs: T0 + 1, toMs: T0 + 2 * H },
  snapshots: [before, after],
  fills: [
    {
      timeMs: T0 + H,
      base: 'WETH',
      quote: 'USDC',
      baseUnits: 1,
      volumeUsd: 2_100,
      spreadUsd: 2_150 - 2_100,
      quotedAtMs: null,
    },
  ],
  walletTxs: [{ timeMs: T0 + H, gasUsd: 0.01 * 2_100, asset: 'WETH' }],
  flashLoans: [{ timeMs: T0 + H, asset: 'USDC', amountUsd: 1_000, premiumUsd: 0.5 }],
  hedgePnl: [{ timeMs: T0 + H, kind: 'hedgeFee', asset: 'WETH', usd: -3 }],
  externalFlows: [{ timeMs: T0 + H, asset: 'USDC', units: 1_000, usd: 1_000 }],
  venueDeposits: [{ timeMs: T0 + H, asset: 'USDC', units: 500, usd: 500 }],
});

describe('revision 2: NAV', () => {
  it('counts native ETH at the ETH price as its own line, beside tokens and the hedge venue', () => {
    expect(navLines(before)).toEqual({ tokensUsd: 29_000, ethGasUsd: 4_000, hedgeVenueUsd: 5_000 });
    expect(navUsd(before)).toBeCloseTo(38_000, 9);
    expect(navUsd(after)).toBeCloseTo(40_023.5, 9);
  });
  it('on-chain and hedged inventory are shares of that NAV', () => {
    const window = { fromMs: T0, toMs: T0 + 2 * H };
    const data = dataset({ snapshots: [before, after] });
    // on chain: 18,900 + 11,647.5 + 4,179 = 34,726.5 of 40,023.5; venue: 5,297 of 40,023.5
    expect(onchainInventory(ctx(data, window, 'onchain_inventory')).value).toBeCloseTo((34_726.5 / 40_023.5) * 100, 9);
    expect(hedgedInventory(ctx(data, window, 'hedged_inventory')).value).toBeCloseTo((5_297 / 40_023.5) * 100, 9);
  });
});

describe('revision 2: total PnL and its parts', () => {
  it('is NAV change − external flows, and the parts add up to it', () => {
    const r = totalPnl(ctx(oneBlock, oneBlock.window, 'total_pnl'));
    // navChange 40,023.5 − 38,000 = 2,023.5; flows +1,000 → 1,023.5
    expect(r.value).toBeCloseTo(1_023.5, 9);
    expect(Object.keys(r.parts ?? {})).toEqual([
      'navChangeUsd',
      'externalFlowsUsd',
      'spreadUsd',
      'inventoryMtmUsd',
      'hedgePnlUsd',
      'interestUsd',
      'gasUsd',
      'flashLoanFeesUsd',
      'residualUsd',
    ]);
    const parts = r.parts ?? {};
    expect(parts.navChangeUsd).toBeCloseTo(2_023.5, 9);
    expect(parts.externalFlowsUsd).toBeCloseTo(1_000, 9);
    expect(parts.spreadUsd).toBeCloseTo(50, 9);
    // the holdings before × the price change: 10 WETH × 100 + 2 ETH × 100 (USDC did not move)
    expect(parts.inventoryMtmUsd).toBeCloseTo(1_200, 9);
    // venue equity 5,297 − 5,000 − the 500 deposited = −203 (−200 on the short, −3 fee)
    expect(parts.hedgePnlUsd).toBeCloseTo(-203, 9);
    expect(parts.interestUsd).toBeCloseTo(-2, 9);
    expect(parts.gasUsd).toBeCloseTo(-21, 9);
    expect(parts.flashLoanFeesUsd).toBeCloseTo(-0.5, 9);
    // 50 + 1,200 − 203 − 2 − 21 − 0.5 = 1,023.5: nothing unexplained
    expect(parts.residualUsd).toBeCloseTo(0, 9);
  });
  it('per token: each part to its asset; the assets add up to total PnL less its residual', () => {
    const t = tokenPnl(ctx(oneBlock, oneBlock.window, 'token_pnl'));
    // WETH: spread 50 + MTM 1,000 + native ETH 200 − short 200 − fee 3 − gas 21 = 1,026
    // USDC: − interest 2 − premium 0.5 + the venue's rest (−203 − (−200 − 3) = 0) = −2.5
    expect(t.breakdown?.WETH).toBeCloseTo(1_026, 9);
    expect(t.breakdown?.USDC).toBeCloseTo(-2.5, 9);
    expect(t.value).toBeCloseTo(-2.5, 9);
  });
  it('a window between two blocks has no PnL (null), and one without a block before it starts at its first', () => {
    expect(totalPnl(ctx(oneBlock, { fromMs: T0 + 2 * H, toMs: T0 + 3 * H }, 'total_pnl')).value).toBeNull();
    // from T0 on: the first block is the start, so only the second block's change counts: the same answer
    expect(totalPnl(ctx(oneBlock, { fromMs: T0, toMs: T0 + 2 * H }, 'total_pnl')).value).toBeCloseTo(1_023.5, 9);
  });
});

/**
 * 10 WETH and 10,000 USDC (NAV 30,000 at WETH 2,000); +1 h: 10,000 USDC of capital in (NAV 40,000);
 * +2 h: WETH at 1,500 (NAV 35,000); +3 h: 5,000 USDC of profit out (NAV 30,000).
 * Flow-adjusted: 30,000, 30,000, 25,000, 25,000.
 */
const flowing = dataset({
  window: { fromMs: T0, toMs: T0 + 4 * H },
  snapshots: [
    snapshot(T0),
    snapshot(T0 + H, { holdings: { WETH: holdings({ wallets: 10 }), USDC: holdings({ wallets: 20_000 }) } }),
    snapshot(T0 + 2 * H, {
      prices: { WETH: 1_500, USDC: 1 },
      holdings: { WETH: holdings({ wallets: 10 }), USDC: holdings({ wallets: 20_000 }) },
    }),
    snapshot(T0 + 3 * H, {
      prices: { WETH: 1_500, USDC: 1 },
      holdings: { WETH: holdings({ wallets: 10 }), USDC: holdings({ wallets: 15_000 }) },
    }),
  ],
  externalFlows: [
    { timeMs: T0 + H, asset: 'USDC', units: 10_000, usd: 10_000 },
    { timeMs: T0 + 3 * H, asset: 'USDC', units: -5_000, usd: -5_000 },
  ],
  fills: [
    {
      timeMs: T0 + 2 * H,
      base: 'WETH',
      quote: 'USDC',
      baseUnits: 45,
      volumeUsd: 67_500,
      spreadUsd: 0,
      quotedAtMs: null,
    },
  ],
});

describe('revision 2: flows, drawdown and turnover', () => {
  it('max drawdown falls from the flow-adjusted peak: capital in or out is no gain or loss', () => {
    // (30,000 − 25,000) ÷ 30,000; on raw NAV it would read (40,000 − 30,000) ÷ 40,000 = 25 %
    const r = maxDrawdown(ctx(flowing, flowing.window, 'max_drawdown'));
    expect(r.value).toBeCloseTo((5_000 / 30_000) * 100, 9);
    expect(r.parts?.externalFlowsUsd).toBe(5_000);
  });
  it('total PnL takes the flows out, and its trend is the slope of the flow-adjusted cumulative PnL', () => {
    const r = totalPnl(ctx(flowing, flowing.window, 'total_pnl'));
    // no block before T0: it is the start. NAV change 0 − flows 5,000 = −5,000, all of it WETH's fall
    expect(r.value).toBeCloseTo(-5_000, 9);
    expect(r.parts?.inventoryMtmUsd).toBeCloseTo(-5_000, 9);
    expect(r.parts?.residualUsd).toBeCloseTo(0, 9);
    // cumulative 0, 0, −5,000, −5,000 an hour apart: slope −10,000 ÷ 5 = −2,000 per hour = −48,000 per day
    expect(r.trend).toBeCloseTo(-48_000, 6);
  });
  it('turnover divides by NAV weighted by the time each state held', () => {
    // NAV 30k, 40k, 35k, 30k, each for 1 h of the 4 h window: mean 33,750; 67,500 ÷ 33,750 ÷ (1/6 day) = 12
    expect(inventoryTurnover(ctx(flowing, flowing.window, 'inventory_turnover')).value).toBeCloseTo(12, 9);
    // half an hour of 30k and half of 40k: mean 35,000 (the blocks in the window alone would say 40,000)
    const half = inventoryTurnover(ctx(flowing, { fromMs: T0 + 0.5 * H, toMs: T0 + 1.5 * H }, 'inventory_turnover'));
    expect(half.parts?.meanNavUsd).toBeCloseTo(35_000, 9);
  });
});

describe('revision 2: revenue efficiency', () => {
  it('counts funding the venue charged as a cost and funding it paid as nothing', () => {
    const data = dataset({
      window: { fromMs: T0, toMs: T0 + DAY },
      fills: [
        { timeMs: T0, base: 'WETH', quote: 'USDC', baseUnits: 1, volumeUsd: 2_000, spreadUsd: 30, quotedAtMs: null },
      ],
      walletTxs: [{ timeMs: T0, gasUsd: 4, asset: 'USDC' }],
      flashLoans: [{ timeMs: T0, asset: 'USDC', amountUsd: 1_000, premiumUsd: 0.5 }],
      hedgePnl: [
        { timeMs: T0, kind: 'hedgeFee', asset: 'WETH', usd: -5 },
        { timeMs: T0, kind: 'hedgeFunding', asset: 'WETH', usd: -2 },
        { timeMs: T0, kind: 'hedgeFunding', asset: 'WBTC', usd: 3 },
      ],
    });
    // 30 ÷ (4 + 0.5 + 5 + 2) × 100 (netting the 3 received would give 30 ÷ 8.5)
    const r = revenueEfficiency(ctx(data, data.window, 'revenue_efficiency'));
    expect(r.value).toBeCloseTo((30 / 11.5) * 100, 9);
    expect(r.parts).toEqual({ revenueUsd: 30, costsUsd: 11.5 });
  });
});
