import type { HedgePosition } from '../../../sim/hedge';
import { buildRecord, DAY, hash, NONE, rfq, settled, T0, TEST_CONFIG, tx } from '../testLedger';
import { valueOf } from '../testValues';
import type { TimeRange } from '../types';
import type { Revision2Config } from './config';
import { expectedKpisRevision2 } from './expectedKpis';
import { pnlOver } from './performance';
import { PART_IDS } from './pnlParts';
import { navOf } from './portfolio';
import { viewRevision2 } from './view';

const MS = 1000;
const HALF_HOUR = 1800;

/** Maker 10 WETH and 10,000 USDC (TEST_CONFIG), 1 ETH of gas float, 100 USDC in the flash-loan receiver. */
const CONFIG: Revision2Config = {
  base: TEST_CONFIG,
  gasFloatEth: { maker: 1, treasury: 0 },
  walletRoles: ['maker', 'treasury'],
  receiverOpening: { USDC: 100 },
  feedHeartbeatSec: { WETH: 3600, WBTC: 3600, USDC: 3600, USDT: 3600 },
  maxFeedDeviation: 0.02,
  varMinReturns: 30,
};

const short = (entryPrice: number, markPrice: number): HedgePosition => ({
  asset: 'WETH',
  size: -1,
  entryPrice,
  markPrice,
  unrealizedPnl: -(markPrice - entryPrice),
});

/**
 * Block 0 (WETH 1,000): 2 WETH supplied to Aave; 1,000 USDC to the hedge venue's deposit address.
 * Block 1 (WETH 1,100): a taker buys 2 WETH at 1,120 (spread 2,240 − 2,200 = 40 USD); the venue opens a
 * 1 WETH short for a 0.22 USD fee; a maker transaction pays 100,000 gas × 10 gwei = 0.001 ETH (1.1 USD);
 * an outside address deposits 500 USDC into the maker.
 * Block 2 (WETH 1,000): a flash loan's 5 USDC premium leaves the receiver; the short gains 100 and
 * receives 0.1 USD of funding; the maker withdraws 300 USDC of profit to outside.
 */
const quote = rfq((T0 + 60) * MS);
const record = buildRecord(
  [
    {
      timestamp: T0,
      lending: [{ venue: 'aave', op: 'supply', asset: 'WETH', amount: 2 }],
      venueDeposits: [{ from: 'maker', asset: 'USDC', amount: 1000 }],
      hedge: { marginBalance: 1000, deposits: 1000, depositsThisBlock: 1000 },
    },
    {
      timestamp: T0 + HALF_HOUR,
      prices: { WETH: 1100 },
      flows: [{ direction: 'in', wallet: 'maker', asset: 'USDC', amount: 500 }],
      hedge: {
        positions: [short(1100, 1100)],
        marginBalance: 999.78,
        deposits: 1000,
        feesThisBlock: 0.22,
        feesPaid: 0.22,
      },
    },
    {
      timestamp: T0 + 2 * HALF_HOUR,
      flashLoans: [{ asset: 'USDC', amount: 5000, premium: 5_000_000n }],
      flows: [{ direction: 'out', wallet: 'maker', asset: 'USDC', amount: 300 }],
      hedge: {
        positions: [short(1100, 1000)],
        marginBalance: 999.88,
        deposits: 1000,
        feesPaid: 0.22,
        fundingThisBlock: 0.1,
        fundingNet: 0.1,
      },
    },
  ],
  [settled(quote, 1, { side: 'buy', size: 2, price: 1120 })],
  [tx('rebalance', 1, { gasUsed: 100_000n, gasPriceGwei: 10n, hash: hash('gas', 1) })]
);
const view = viewRevision2(record, CONFIG);
// NAV by hand: WETH (wallet + Aave) and native ETH at the WETH price, USDC (wallets + receiver) at 1, the venue's equity.
const NAV = {
  opening: 10 * 1000 + (10_000 + 100) + 1 * 1000,
  block0: 10 * 1000 + (9000 + 100) + 1 * 1000 + 1000,
  block1: 8 * 1100 + (9000 + 2240 + 500 + 100) + 0.999 * 1100 + 999.78,
  block2: 8 * 1000 + (11_740 - 300 + 95) + 0.999 * 1000 + (999.88 + 100),
};
const all: TimeRange = { fromMs: T0 * MS, toMs: (T0 + 3 * HALF_HOUR) * MS };
const kpis = expectedKpisRevision2(record, all, CONFIG);

describe('revision 2: NAV, external flows and the PnL identity by hand', () => {
  it('NAV counts native ETH, the flash-loan receiver and the venue account, before and after each block', () => {
    expect(navOf(view.portfolio.opening, CONFIG)).toBeCloseTo(NAV.opening, 8);
    expect(view.portfolio.blocks.map((s) => navOf(s, CONFIG))).toEqual([
      expect.closeTo(NAV.block0, 8),
      expect.closeTo(NAV.block1, 8),
      expect.closeTo(NAV.block2, 8),
    ]);
  });

  it('block by block: value = NAV change − flows = spread + MTM + hedge + gas + fees', () => {
    // Block 0: the venue deposit moves value from a wallet to the venue; nothing else happens.
    expect(view.pnl[0].navChangeUsd).toBeCloseTo(0, 8);
    expect(view.pnl[1].externalFlowsUsd).toBe(500);
    expect(view.pnl[1].parts).toEqual({
      spreadUsd: expect.closeTo(40, 8),
      // 10 WETH (8 in the wallet, 2 at Aave) and 1 ETH of gas float held through +100.
      inventoryMtmUsd: expect.closeTo(11 * 100, 8),
      hedgePnlUsd: expect.closeTo(-0.22, 8),
      interestUsd: 0,
      gasUsd: expect.closeTo(-1.1, 8),
      flashLoanFeesUsd: 0,
    });
    expect(view.pnl[2].parts).toEqual({
      spreadUsd: 0,
      inventoryMtmUsd: expect.closeTo(8.999 * -100, 8),
      hedgePnlUsd: expect.closeTo(100 + 0.1, 8),
      interestUsd: 0,
      gasUsd: 0,
      flashLoanFeesUsd: expect.closeTo(-5, 8),
    });
  });

  it('over the range: NAV change from the state before it, flows, and a zero residual', () => {
    const pnl = pnlOver(view, [0, 1, 2]);
    expect(pnl).toEqual({
      navChangeUsd: expect.closeTo(NAV.block2 - NAV.opening, 8),
      externalFlowsUsd: 200,
      valueUsd: expect.closeTo(NAV.block2 - NAV.opening - 200, 8),
      spreadUsd: expect.closeTo(40, 8),
      inventoryMtmUsd: expect.closeTo(1100 - 899.9, 8),
      hedgePnlUsd: expect.closeTo(-0.22 + 100.1, 8),
      interestUsd: 0,
      gasUsd: expect.closeTo(-1.1, 8),
      flashLoanFeesUsd: expect.closeTo(-5, 8),
      residualUsd: expect.closeTo(0, 8),
    });
    expect(valueOf(kpis.total_pnl).value).toBeCloseTo(333.88, 8);
    // A one-block range starts from the block before it.
    expect(pnlOver(view, [2])?.navChangeUsd).toBeCloseTo(NAV.block2 - NAV.block1, 8);
  });

  it('a part left out shows in the residual', () => {
    const missing = viewRevision2(record, CONFIG);
    missing.pnl[2] = { ...missing.pnl[2], parts: { ...missing.pnl[2].parts, flashLoanFeesUsd: 0 } };
    expect(pnlOver(missing, [0, 1, 2])?.residualUsd).toBeCloseTo(-5, 8);
    expect(PART_IDS).toHaveLength(6);
  });

  it('token PnL: spread, MTM, hedge and costs per asset, adding up to the total', () => {
    const tokens = valueOf(kpis.token_pnl);
    // WETH: spread 40 + MTM 200.1 (native ETH included) + short 100 − fee 0.22 + funding 0.1 − gas 1.1.
    expect(tokens.breakdown?.WETH).toBeCloseTo(40 + 200.1 + 100 - 0.22 + 0.1 - 1.1, 8);
    expect(tokens.breakdown?.USDC).toBeCloseTo(-5, 8);
    expect(tokens.value).toBeCloseTo(-5, 8);
  });

  it('flow-adjusted max drawdown: capital in or out is no gain or loss', () => {
    const adjusted = [NAV.block0, NAV.block1 - 500, NAV.block2 - 200];
    expect(valueOf(kpis.max_drawdown).value).toBeCloseTo(((adjusted[1] - adjusted[2]) / adjusted[1]) * 100, 8);
  });

  it('revenue efficiency: spread ÷ (gas + fees + premiums + funding paid); funding received is not netted', () => {
    expect(valueOf(kpis.revenue_efficiency).value).toBeCloseTo((40 / (1.1 + 0.22 + 5)) * 100, 8);
  });

  it('rebalancing: transfers between wallets, to a lending market and to the venue deposit address', () => {
    // The Aave supply and the venue deposit, over 1.5 hours.
    expect(valueOf(kpis.rebalancing_count).value).toBeCloseTo(2 / ((3 * HALF_HOUR) / DAY), 8);
  });

  it('turnover: fill volume ÷ time-weighted mean NAV ÷ days', () => {
    const even = (NAV.block0 + NAV.block1 + NAV.block2) / 3;
    expect(valueOf(kpis.inventory_turnover).value).toBeCloseTo(2200 / even / ((3 * HALF_HOUR) / DAY), 8);
    // From a quarter hour into block 0's interval: block 0's NAV weighs half as much.
    const late = { fromMs: (T0 + 900) * MS, toMs: all.toMs };
    const weighted = (900 * NAV.block0 + HALF_HOUR * NAV.block1 + HALF_HOUR * NAV.block2) / 4500;
    expect(valueOf(expectedKpisRevision2(record, late, CONFIG).inventory_turnover).value).toBeCloseTo(
      2200 / weighted / (4500 / DAY),
      8
    );
  });
});

describe('revision 2: position and inventory KPIs at the state block by hand', () => {
  // Block 2: 6 WETH in the wallet + 2 at Aave, a 1 WETH short; neutral 8 WETH.
  it('net delta: (net − neutral) ÷ neutral, and without a neutral level net ÷ (wallets + supplied)', () => {
    expect(valueOf(kpis.net_delta).breakdown).toEqual({ WETH: expect.closeTo(((7 - 8) / 8) * 100, 8) });
    expect(valueOf(kpis.net_delta).parts?.['WETH.neutralUnits']).toBe(8);
    const noNeutral = { ...CONFIG, base: { ...TEST_CONFIG, neutralUnits: {} } };
    const delta = valueOf(expectedKpisRevision2(record, all, noNeutral).net_delta);
    expect(delta.breakdown?.WETH).toBeCloseTo((7 / 8) * 100, 8);
  });

  it('concentration: the largest non-stable net exposure ÷ NAV, every asset’s share alongside', () => {
    const c = valueOf(kpis.concentration);
    expect(c.value).toBeCloseTo(((7 * 1000) / NAV.block2) * 100, 8);
    expect(c.breakdown?.USDC).toBeCloseTo(((11_535 + 999.88) / NAV.block2) * 100, 8);
  });

  it('hedge coverage: the perp against the holdings above the neutral level (all of them without one)', () => {
    // At the neutral level there is nothing to hedge.
    expect(valueOf(kpis.hedge_coverage).value).toBeNull();
    const noNeutral = { ...CONFIG, base: { ...TEST_CONFIG, neutralUnits: {} } };
    expect(valueOf(expectedKpisRevision2(record, all, noNeutral).hedge_coverage).value).toBeCloseTo((1 / 8) * 100, 8);
  });

  it('on-chain share counts native ETH; the hedged share is the venue’s equity', () => {
    expect(valueOf(kpis.onchain_inventory).value).toBeCloseTo(((8000 + 11_535 + 999) / NAV.block2) * 100, 8);
    expect(valueOf(kpis.hedged_inventory).value).toBeCloseTo((1099.88 / NAV.block2) * 100, 8);
  });
});

describe('revision 2: prices from a stale feed', () => {
  // WETH's feed posts 1,000 at T0 and nothing after; the market moves to 1,050 and 1,100.
  const staleRecord = buildRecord([
    { timestamp: T0 },
    { timestamp: T0 + 3600, prices: { WETH: 1050 }, feeds: { WETH: { price: 1000, updatedAt: T0 } } },
    { timestamp: T0 + 7200, prices: { WETH: 1100 }, feeds: { WETH: { price: 1000, updatedAt: T0 } } },
  ]);
  const stale = viewRevision2(staleRecord, CONFIG);

  it('keeps the answer up to its heartbeat (flagged when off the market), then values at CoinGecko', () => {
    expect(stale.prices.blocks.map((p) => p.WETH)).toEqual([1000, 1000, 1100]);
    expect(stale.prices.flags.map((f) => f.stale)).toEqual([[], [], ['WETH']]);
    expect(stale.prices.flags.map((f) => f.deviating)).toEqual([[], ['WETH'], ['WETH']]);
    // Revision 1 values at the on-chain answer throughout.
    expect(stale.onchain.holdings.map((h) => h.prices.WETH)).toEqual([1000, 1000, 1000]);
    expect(navOf(stale.portfolio.blocks[2], CONFIG)).toBeCloseTo(11 * 1100 + 10_100, 8);
  });
});

describe('revision 2: VaR needs 30 daily returns', () => {
  // 10 WETH and 10,000 USDC; one block a day, WETH 100 on even days and 110 on odd ones.
  const config: Revision2Config = {
    ...CONFIG,
    gasFloatEth: { maker: 0, treasury: 0 },
    receiverOpening: {},
    base: { ...TEST_CONFIG, openingBalances: { maker: { ...NONE, WETH: 10, USDC: 10_000 }, treasury: NONE } },
  };
  const days = (n: number) =>
    buildRecord(
      Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i * DAY, prices: { WETH: i % 2 ? 110 : 100 } }))
    );

  it('with 31 returns: the 1 % quantile of the revalued exposure', () => {
    const record31 = days(32);
    const at = { fromMs: T0 * MS, toMs: (T0 + 31 * DAY) * MS };
    const var99 = valueOf(expectedKpisRevision2(record31, at, config).var_99_1d);
    // Day 31 (110): returns +10 % (16 of them) and 100/110 − 1 (15); the two lowest are equal, so the
    // quantile is that loss, 10 × 110 × 1/11 = 100 USD, of NAV 1,100 + 10,000.
    expect(var99.parts?.returns).toBe(31);
    expect(var99.value).toBeCloseTo((100 / 11_100) * 100, 8);
  });

  it('with 29: no value, and the note says how many there are', () => {
    const var99 = valueOf(
      expectedKpisRevision2(days(30), { fromMs: T0 * MS, toMs: (T0 + 29 * DAY) * MS }, config).var_99_1d
    );
    expect(var99).toEqual({ value: null, parts: { returns: 29 }, note: '29 daily returns; VaR needs at least 30' });
  });
});
