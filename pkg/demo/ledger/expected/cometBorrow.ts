/**
 * The maker's base borrow in the demo's Comet-compatible market (contracts/sol/CometMarket.sol),
 * replayed with the contract's integer math: a borrow principal against a borrow index (1e15 scale)
 * that grows by index × ratePerSecond × elapsed ÷ 1e18 at each accrual — simple interest between
 * accruals, compounded at each one. Only base supply and withdraw accrue (supplyCollateral does not),
 * and the maker is the only account moving base during the month.
 *
 * Approximation: the index at the maker's first accrual is taken as 1e15; on chain it has grown for
 * the hour of set-up before block 0 (by ~6e-6). Principal and index scale inversely, so balances differ
 * only by rounding: at most 2 base units (2 micro-USDC) per accrual.
 */
import { PmmError } from '../../../../src/core/errors';

const BASE_INDEX_SCALE = 10n ** 15n;
const FACTOR_SCALE = 10n ** 18n;
const SECONDS_PER_YEAR = 31_536_000n;

export class CometBaseBorrow {
  private index = BASE_INDEX_SCALE;
  private lastAccrual: number | undefined;
  /** Borrow principal (Comet stores it negative; here its magnitude). */
  private principal = 0n;
  /** The constructor stores the yearly rate per second, truncated, as Comet's configurator does. */
  private readonly ratePerSecond: bigint;

  constructor(borrowAprWad: bigint) {
    this.ratePerSecond = borrowAprWad / SECONDS_PER_YEAR;
  }

  /** borrowBalanceOf(maker) at a timestamp at or after the last accrual. */
  borrowAt(timestamp: number): bigint {
    return (this.principal * this.indexAt(timestamp)) / BASE_INDEX_SCALE;
  }

  /** withdraw(base) beyond the supplied balance. */
  borrow(timestamp: number, amount: bigint): void {
    this.accrue(timestamp);
    this.setBalance(this.borrowAt(timestamp) + amount);
  }

  /** supply(base) while borrowing. */
  repay(timestamp: number, amount: bigint): void {
    this.accrue(timestamp);
    const balance = this.borrowAt(timestamp) - amount;
    if (balance < 0n) {
      throw new PmmError('expected KPIs', 'a Comet repayment larger than the borrow is not modelled', {
        fix: 'model the supply side (supply rate = borrow rate × utilization) before planning one',
      });
    }
    this.setBalance(balance);
  }

  private indexAt(timestamp: number): bigint {
    if (this.lastAccrual === undefined || timestamp === this.lastAccrual) {
      return this.index;
    }
    const elapsed = BigInt(timestamp - this.lastAccrual);
    return this.index + (this.index * (this.ratePerSecond * elapsed)) / FACTOR_SCALE;
  }

  private accrue(timestamp: number): void {
    this.index = this.indexAt(timestamp);
    this.lastAccrual = timestamp;
  }

  /** principalValue of a negative balance: rounded up, so rounding never favours the borrower. */
  private setBalance(balance: bigint): void {
    this.principal = (balance * BASE_INDEX_SCALE + this.index - 1n) / this.index;
  }
}
