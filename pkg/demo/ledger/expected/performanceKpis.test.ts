import type { HedgePosition } from '../../sim/hedge';
import { expectedKpis } from './expectedKpis';
import { buildRecord, DAY, hash, rfq, settled, T0, TEST_CONFIG, tx } from './testLedger';
import { valueOf } from './testValues';
import { KPI_IDS, type TimeRange } from './types';

const MS = 1000;
const short = (markPrice: number): HedgePosition => ({
  asset: 'WETH',
  size: -1,
  entryPrice: 1000,
  markPrice,
  unrealizedPnl: 0,
});

/**
 * One block a day, WETH at 1,000. Opening: 10 WETH, 10,000 USDC, 1,000 USDC of hedge margin.
 * Day 1: a taker buys the 10 WETH at 1,010 (spread 100 USD); the hedge opens a 1 WETH short for a
 * 2 USD fee; the maker sends 1 USDC to the treasury. Day 2: a 5,000 USDC flash loan with a 5 USDC
 * premium, its transaction costing 100,000 gas × 10 gwei = 0.001 ETH = 1 USD; the short receives
 * 0.5 USD of funding.
 */
const quote = rfq(T0 * MS + 60_000);
const record = buildRecord(
  [
    { timestamp: T0, hedge: { marginBalance: 1000 } },
    {
      timestamp: T0 + DAY,
      rebalances: [{ from: 'maker', to: 'treasury', asset: 'USDC', amount: 1 }],
      hedge: { positions: [short(1000)], marginBalance: 998, feesThisBlock: 2, feesPaid: 2 },
    },
    {
      timestamp: T0 + 2 * DAY,
      flashLoans: [{ asset: 'USDC', amount: 5000, premium: 5_000_000n }],
      hedge: { positions: [short(1000)], marginBalance: 998.5, fundingThisBlock: 0.5, feesPaid: 2, fundingNet: 0.5 },
    },
  ],
  [settled(quote, 1, { side: 'buy', size: 10, price: 1010 })],
  [tx('flashloan', 2, { gasUsed: 100_000n, gasPriceGwei: 10n, hash: hash('flash2', 0) })]
);
const navs = [10 * 1000 + 10_000 + 1000, 20_100 + 998, 20_100 + 998.5];
const whole: TimeRange = { fromMs: T0 * MS, toMs: (T0 + 3 * DAY) * MS };

describe('inventory, risk and performance KPIs over events', () => {
  const kpis = expectedKpis(record, whole, TEST_CONFIG);

  it('inventory turnover: fill volume ÷ mean NAV ÷ days', () => {
    expect(valueOf(kpis.inventory_turnover).value).toBeCloseTo(
      (10 * 1000) / ((navs[0] + navs[1] + navs[2]) / 3) / 3,
      12
    );
  });

  it('rebalancing count per day', () => {
    expect(valueOf(kpis.rebalancing_count).value).toBeCloseTo(1 / 3, 12);
  });

  it('flash loan exposure: loan volume ÷ fill volume', () => {
    expect(valueOf(kpis.flashloan_exposure).value).toBeCloseTo((5000 / 10_000) * 100, 10);
  });

  it('gas risk ratio: wallet gas ÷ spread revenue', () => {
    expect(valueOf(kpis.gas_risk_ratio).value).toBeCloseTo((1 / 100) * 100, 10);
  });

  it('total PnL: spread − gas − premium − hedge fee + funding received, and its daily trend', () => {
    const pnl = valueOf(kpis.total_pnl);
    expect(pnl.value).toBeCloseTo(100 - (1 + 5 + 2 - 0.5), 10);
    // Cumulative PnL 0, 98, 92.5 at days 0, 1, 2: slope ((0 − ȳ)(−1) + (92.5 − ȳ)(1)) ÷ 2.
    expect(pnl.trend).toBeCloseTo(92.5 / 2, 6);
    expect(pnl.parts?.navChange).toBeCloseTo(navs[2] - navs[0], 8);
  });

  it('token PnL: spread and hedge costs to WETH, the flash loan’s premium and gas to USDC', () => {
    const tokens = valueOf(kpis.token_pnl);
    expect(tokens.breakdown?.WETH).toBeCloseTo(100 - 2 + 0.5, 10);
    expect(tokens.breakdown?.USDC).toBeCloseTo(-1 - 5, 10);
    expect(tokens.breakdown?.WBTC).toBe(0);
    expect(tokens.value).toBeCloseTo(-6, 10);
  });

  it('revenue efficiency: revenue ÷ trading costs', () => {
    expect(valueOf(kpis.revenue_efficiency).value).toBeCloseTo((100 / (1 + 5 + 2 - 0.5)) * 100, 10);
  });
});

describe('edge ranges', () => {
  it('an empty range (no block, no event) gives null everywhere, never 0', () => {
    const empty = expectedKpis(record, { fromMs: (T0 - 2 * DAY) * MS, toMs: (T0 - DAY) * MS }, TEST_CONFIG);
    for (const id of KPI_IDS) {
      const kpi = empty[id];
      if (!('measuredAtQueryTime' in kpi)) {
        expect({ id, value: kpi.value }).toEqual({ id, value: null });
      }
    }
  });

  it('a range between blocks: event ratios are null, state KPIs still read the last block', () => {
    const between = expectedKpis(record, { fromMs: T0 * MS + 1, toMs: T0 * MS + 2 }, TEST_CONFIG);
    for (const id of [
      'uptime',
      'quote_response_ms',
      'settlement_success',
      'quote_acceptance',
      'execution_latency_ms',
      'max_drawdown',
      'inventory_turnover',
      'rebalancing_count',
      'flashloan_exposure',
      'gas_risk_ratio',
      'total_pnl',
      'token_pnl',
      'revenue_efficiency',
    ] as const) {
      expect({ id, value: valueOf(between[id]).value }).toEqual({ id, value: null });
    }
    expect(valueOf(between.onchain_inventory).value).toBeCloseTo((20_000 / navs[0]) * 100, 10);
  });

  it('a one-block range', () => {
    const day1: TimeRange = { fromMs: (T0 + DAY) * MS, toMs: (T0 + DAY) * MS + 1 };
    const one = expectedKpis(record, day1, TEST_CONFIG);
    const days = 1 / (24 * 3600 * 1000);
    expect(valueOf(one.max_drawdown).value).toBe(0);
    expect(valueOf(one.total_pnl).value).toBeCloseTo(100 - 2, 10);
    expect(valueOf(one.total_pnl).trend).toBeNull();
    expect(valueOf(one.inventory_turnover).value).toBeCloseTo(10_000 / navs[1] / days, 6);
    expect(valueOf(one.rebalancing_count).value).toBeCloseTo(1 / days, 6);
    // The flash loan is in block 2: with fills in range the ratio is defined, and it is 0.
    expect(valueOf(one.flashloan_exposure).value).toBe(0);
    expect(valueOf(one.execution_latency_ms).value).toBe(DAY * MS - (60_000 + 100));
  });
});
