import { AaveVariableDebt } from './aaveDebt';
import { CometBaseBorrow } from './cometBorrow';
import { DEMO_KPI_CONFIG } from './config';
import { toUnits } from './units';

const T = 1_700_000_000;
const YEAR = 31_536_000;
const USDC_RESERVE = { seed: 50_000_000, variableSlope1Bps: 400, optimalUsageBps: 9000 };

describe('Aave variable debt (core-v3 1.19 math)', () => {
  function demoDebt() {
    const debt = new AaveVariableDebt(USDC_RESERVE, toUnits(50_000_000, 'USDC'));
    debt.borrow(T, toUnits(400_000, 'USDC'));
    return debt;
  }

  it('accrues at slope1 × usage ÷ optimal usage', () => {
    // Usage 400,000 ÷ 50,000,000; 1,800 s of 4 % × 0.008 ÷ 0.9 a year on 400,000 USDC = 8,117.7 units.
    // The demo chain (anvil, Aave core-v3 1.19.3) read 400,000.008118 USDC at its block 1, the same.
    const interest = 400_000e6 * ((0.04 * (400_000 / 50_000_000)) / 0.9) * (1800 / YEAR);
    expect(Number(demoDebt().debtAt(T + 1800) - 400_000_000_000n)).toBeCloseTo(interest, 0);
    expect(demoDebt().debtAt(T + 1800)).toBe(400_000_008_118n);
  });

  it('compounds (Aave’s three-term expansion of the exponential, to a unit of rounding)', () => {
    const rate = (0.04 * (400_000 / 50_000_000)) / 0.9;
    const expected = 400_000e6 * Math.exp((rate * 30 * 86_400) / YEAR);
    expect(Number(demoDebt().debtAt(T + 30 * 86_400)) / expected).toBeCloseTo(1, 10);
  });

  it('a repayment lowers the debt by what was paid (to a unit of rounding), capped at the debt', () => {
    const debt = demoDebt();
    const before = debt.debtAt(T + 7 * 86_400);
    expect(debt.repay(T + 7 * 86_400, toUnits(100_000, 'USDC'))).toBe(100_000_000_000n);
    const after = debt.debtAt(T + 7 * 86_400);
    expect(Math.abs(Number(before - 100_000_000_000n - after))).toBeLessThanOrEqual(1);
    const owed = debt.debtAt(T + 8 * 86_400);
    expect(debt.repay(T + 8 * 86_400, toUnits(1_000_000, 'USDC'))).toBe(owed);
    expect(debt.debtAt(T + 9 * 86_400)).toBe(0n);
  });
});

describe('Comet base borrow (CometMarket.sol math)', () => {
  const ratePerSecond = DEMO_KPI_CONFIG.comet.borrowAprWad / 31_536_000n;

  it('stores 5 % a year per second, truncated', () => {
    expect(ratePerSecond).toBe(1_585_489_599n);
  });

  it('accrues simple interest between accruals', () => {
    const comet = new CometBaseBorrow(DEMO_KPI_CONFIG.comet.borrowAprWad);
    comet.borrow(T, 150_000_000_000n);
    // 150,000 USDC × 1,585,489,599e-18 × 1,800 s; the demo chain read 150,000.428082 at its block 1.
    expect(comet.borrowAt(T + 1800)).toBe(150_000_000_000n + (150_000_000_000n * ratePerSecond * 1800n) / 10n ** 18n);
    expect(comet.borrowAt(T + 1800)).toBe(150_000_428_082n);
  });

  it('compounds at each accrual (a base transaction)', () => {
    const comet = new CometBaseBorrow(DEMO_KPI_CONFIG.comet.borrowAprWad);
    comet.borrow(T, 1_000_000n);
    comet.borrow(T + YEAR, 0n);
    const r = Number(ratePerSecond * BigInt(YEAR)) / 1e18;
    expect(Number(comet.borrowAt(T + 2 * YEAR))).toBeCloseTo(1_000_000 * (1 + r) ** 2, -1);
    comet.repay(T + 2 * YEAR, comet.borrowAt(T + 2 * YEAR));
    expect(comet.borrowAt(T + 3 * YEAR)).toBe(0n);
  });
});
