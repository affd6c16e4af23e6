import type { HedgePosition } from '../../sim/hedge';
import { expectedKpis } from './expectedKpis';
import { buildRecord, DAY, NONE, T0, TEST_CONFIG } from './testLedger';
import { valueOf } from './testValues';
import type { KpiConfig } from './types';

const MS = 1000;
const wethShort: HedgePosition = { asset: 'WETH', size: -1, entryPrice: 2000, markPrice: 2000, unrealizedPnl: 0 };

/**
 * Opening: maker 10 WETH and 10,000 USDC. Block 0: 4 WETH supplied to Aave and 2,000 USDC borrowed,
 * 2 WETH posted to Comet and 1,000 USDC borrowed; a 1 WETH short at the hedge venue with 500 USDC margin.
 */
const lendingWorld = buildRecord([
  {
    timestamp: T0,
    prices: { WETH: 2000 },
    lending: [
      { venue: 'aave', op: 'supply', asset: 'WETH', amount: 4 },
      { venue: 'aave', op: 'borrow', asset: 'USDC', amount: 2000 },
      { venue: 'comet', op: 'supplyCollateral', asset: 'WETH', amount: 2 },
      { venue: 'comet', op: 'borrow', asset: 'USDC', amount: 1000 },
    ],
    hedge: { positions: [wethShort], marginBalance: 500 },
  },
]);
const atBlock0 = { fromMs: T0 * MS, toMs: T0 * MS };

describe('position and risk KPIs at the state block', () => {
  const kpis = expectedKpis(lendingWorld, atBlock0, TEST_CONFIG);

  it('net delta: (long − short − neutral) ÷ neutral, perps included', () => {
    // WETH long = 4 in the wallet + 4 on Aave + 2 on Comet; short = the 1 WETH perp; neutral 8.
    const delta = valueOf(kpis.net_delta);
    expect(delta.breakdown).toEqual({ WETH: expect.any(Number) });
    expect(delta.breakdown?.WETH).toBeCloseTo(((4 + 4 + 2 - 1 - 8) / 8) * 100, 10);
    expect(delta.value).toBeCloseTo(12.5, 10);
  });

  it('net delta without a neutral level: against the gross holdings', () => {
    const config: KpiConfig = { ...TEST_CONFIG, neutralUnits: {} };
    const delta = valueOf(expectedKpis(lendingWorld, atBlock0, config).net_delta);
    // long − short = 10 − 1, gross = 10 + 1.
    expect(delta.breakdown?.WETH).toBeCloseTo(((10 - 1) / (10 + 1)) * 100, 10);
  });

  it('concentration: the largest exposure group ÷ NAV, stablecoins as one group', () => {
    // WETH 10 × 2,000; stablecoins: 10,000 + 3,000 borrowed − 3,000 debt + 500 margin.
    expect(valueOf(kpis.concentration).value).toBeCloseTo((20_000 / (20_000 + 10_500)) * 100, 10);
  });

  it('hedge coverage: the perp against the exposure beyond the neutral level', () => {
    // Exposure 10 − 8 = 2 WETH long, offset by the 1 WETH short.
    expect(valueOf(kpis.hedge_coverage).value).toBeCloseTo(((1 * 2000) / (2 * 2000)) * 100, 10);
  });

  it('on-chain and hedged inventory shares of NAV', () => {
    expect(valueOf(kpis.onchain_inventory).value).toBeCloseTo((30_000 / 30_500) * 100, 10);
    expect(valueOf(kpis.hedged_inventory).value).toBeCloseTo((500 / 30_500) * 100, 10);
  });

  it('inventory level: per asset against its target, the worst as the value', () => {
    const level = valueOf(kpis.inventory_level);
    expect(level.breakdown?.WETH).toBeCloseTo((20_000 / 10_000) * 100, 10);
    expect(level.breakdown?.USDC).toBeCloseTo((10_500 / 10_000) * 100, 10);
    expect(level.value).toBeCloseTo(200, 10);
  });

  it('liquidation buffer with debt: per venue, the minimum as the value', () => {
    const buffer = valueOf(kpis.liquidation_buffer);
    // Aave: 4 WETH × 2,000 × 0.825 against 2,000; Comet: 2 WETH × 2,000 × 0.895 against 1,000.
    expect(buffer.breakdown?.aave).toBeCloseTo(((4 * 2000 * 0.825 - 2000) / 2000) * 100, 8);
    expect(buffer.breakdown?.comet).toBeCloseTo(((2 * 2000 * 0.895 - 1000) / 1000) * 100, 8);
    expect(buffer.value).toBeCloseTo(230, 8);
  });

  it('liquidation buffer without debt: no venue in the breakdown and a null value', () => {
    const supplyOnly = buildRecord([
      { timestamp: T0, lending: [{ venue: 'aave', op: 'supply', asset: 'WETH', amount: 4 }] },
    ]);
    const buffer = valueOf(expectedKpis(supplyOnly, atBlock0, TEST_CONFIG).liquidation_buffer);
    expect(buffer).toEqual({ value: null, breakdown: {}, note: 'no debt' });
  });

  it('state KPIs before the first block are null', () => {
    const before = expectedKpis(lendingWorld, { fromMs: 0, toMs: T0 * MS - 1 }, TEST_CONFIG);
    for (const id of ['net_delta', 'concentration', 'hedge_coverage', 'liquidation_buffer', 'var_99_1d'] as const) {
      expect(valueOf(before[id]).value).toBeNull();
    }
  });
});

describe('max drawdown over a known NAV path', () => {
  // 10 WETH and nothing else: NAV = 10 × price.
  const config: KpiConfig = { ...TEST_CONFIG, openingBalances: { maker: { ...NONE, WETH: 10 }, treasury: NONE } };
  const prices = [100, 120, 90, 110, 80];
  const record = buildRecord(prices.map((WETH, i) => ({ timestamp: T0 + i * 1800, prices: { WETH } })));
  const range = (from: number, to: number) => ({ fromMs: (T0 + from * 1800) * MS, toMs: (T0 + to * 1800) * MS });

  it('is the largest fall from a running peak', () => {
    expect(valueOf(expectedKpis(record, range(0, 5), config).max_drawdown).value).toBeCloseTo(
      ((1200 - 800) / 1200) * 100,
      10
    );
    // Blocks 1 and 2 only: 1,200 then 900.
    expect(valueOf(expectedKpis(record, range(1, 3), config).max_drawdown).value).toBeCloseTo(
      ((1200 - 900) / 1200) * 100,
      10
    );
    // Blocks 2 and 3: 900 then 1,100, no fall.
    expect(valueOf(expectedKpis(record, range(2, 4), config).max_drawdown).value).toBe(0);
  });
});

describe('value at risk on a known return list', () => {
  // One block a day; 10 WETH only. Prices 100, 120, 96, 96, 86.4.
  const config: KpiConfig = { ...TEST_CONFIG, openingBalances: { maker: { ...NONE, WETH: 10 }, treasury: NONE } };
  const prices = [100, 120, 96, 96, 86.4];
  const record = buildRecord(prices.map((WETH, i) => ({ timestamp: T0 + i * DAY, prices: { WETH } })));
  const at = (day: number) => ({ fromMs: T0 * MS, toMs: (T0 + day * DAY) * MS });

  it('revalues today’s position with every daily return and takes the 1 % quantile loss', () => {
    // Returns back from day 4: −10 %, 0, −20 %, +20 % on 864 USD of WETH:
    // P&L sorted −172.8, −86.4, 0, 172.8; the 1 % quantile sits at position 3 × 0.01 = 0.03.
    const var99 = valueOf(expectedKpis(record, at(4), config).var_99_1d);
    expect(var99.value).toBeCloseTo(((172.8 - 0.03 * 86.4) / 864) * 100, 8);
    expect(var99.parts?.returns).toBe(4);
  });

  it('uses at most N returns, the most recent', () => {
    const two = valueOf(expectedKpis(record, at(4), { ...config, varWindowDays: 2 }).var_99_1d);
    // −86.4 and 0: the quantile is at position 0.01 between them.
    expect(two.value).toBeCloseTo(((86.4 - 0.01 * 86.4) / 864) * 100, 8);
  });

  it('needs a full day of history', () => {
    expect(valueOf(expectedKpis(record, at(0), config).var_99_1d).value).toBeNull();
  });
});
