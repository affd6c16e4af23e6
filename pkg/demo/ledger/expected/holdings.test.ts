import { replayHoldings } from './holdings';
import { feedPriceBook } from './prices';
import { buildRecord, rfq, settled, T0, TEST_CONFIG } from './testLedger';
import { nav } from './valuation';

const WEI = 10n ** 18n;
const USDC = 10n ** 6n;

describe('holdings replayed from the ledger', () => {
  // Opening: maker 10 WETH, 10,000 USDC. Block 0: 4 WETH to Aave, 2,000 USDC borrowed there.
  // Block 1: a taker sells the maker 2 WETH at 1,000, another buys 1 WETH at 1,000 (reverted, so it moves
  // nothing), and the maker sends 1,000 USDC to the treasury.
  const quoteA = rfq(T0 * 1000 + 1000);
  const quoteB = rfq(T0 * 1000 + 2000);
  const record = buildRecord(
    [
      {
        timestamp: T0,
        lending: [
          { venue: 'aave', op: 'supply', asset: 'WETH', amount: 4 },
          { venue: 'aave', op: 'borrow', asset: 'USDC', amount: 2000 },
        ],
      },
      { timestamp: T0 + 1800, rebalances: [{ from: 'maker', to: 'treasury', asset: 'USDC', amount: 1000 }] },
    ],
    [
      settled(quoteA, 1, { side: 'sell', size: 2, price: 1000 }),
      settled(quoteB, 1, { side: 'buy', size: 1, price: 1000, outcome: 'reverted' }),
    ]
  );
  const [block0, block1] = replayHoldings(record, TEST_CONFIG, feedPriceBook(record));

  it('moves wallet balances by lending, successful fills and rebalances', () => {
    expect(block0.wallets.maker.WETH).toBe((10n - 4n) * WEI);
    expect(block0.wallets.maker.USDC).toBe((10_000n + 2000n) * USDC);
    expect(block1.wallets.maker.WETH).toBe((10n - 4n + 2n) * WEI);
    expect(block1.wallets.maker.USDC).toBe((10_000n + 2000n - 2000n - 1000n) * USDC);
    expect(block1.wallets.treasury.USDC).toBe(1000n * USDC);
    expect(block1.aaveSupplied.WETH).toBe(4n * WEI);
  });

  it('accrues the Aave debt and reports the interest of each interval', () => {
    expect(block0.aaveDebt.USDC).toBe(2000n * USDC);
    // Usage 2,000 ÷ 1,000,000: 4 % × 0.002 ÷ 0.9 a year for 1,800 s on 2,000 USDC ≈ 10.1 units.
    const interest = 2000e6 * ((0.04 * 0.002) / 0.9) * (1800 / 31_536_000);
    expect(Number(block1.aaveDebt.USDC - 2000n * USDC)).toBeCloseTo(interest, 0);
    expect(block1.interestAccrued.aave.USDC).toBe(block1.aaveDebt.USDC - block0.aaveDebt.USDC);
    expect(block0.interestAccrued.aave.USDC).toBe(0n);
  });

  it('values NAV as everything held minus the debt', () => {
    // Block 0: 6 + 4 WETH at 1,000 and 12,000 USDC, less 2,000 USDC of debt.
    expect(nav(block0, TEST_CONFIG)).toBeCloseTo(10 * 1000 + 12_000 - 2000, 8);
  });
});
