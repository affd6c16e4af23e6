/**
 * The maker's variable debt in one Aave V3 reserve, replayed with Aave's own integer math (core-v3
 * 1.19: ReserveLogic.updateState/updateInterestRates, DefaultReserveInterestRateStrategy below the
 * optimal usage, MathUtils.calculateCompoundedInterest, WadRayMath's half-up rounding). The maker is
 * the reserve's only borrower and the deployer's seed its only supply, so the reserve's state follows
 * from the ledger's borrows, repays and flash-loan premiums alone. What is not replayed: nothing that
 * moves the variable debt — the supply side (liquidity index, treasury accrual) never feeds back into
 * the borrow rate except through the aToken's cash balance, which is tracked.
 */
import { PmmError } from '../../../../src/core/errors';
import type { AaveReserveModel } from './types';

const RAY = 10n ** 27n;
const HALF_RAY = RAY / 2n;
const SECONDS_PER_YEAR = 365n * 24n * 3600n;
const BPS_TO_RAY = 10n ** 23n;

function rayMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_RAY) / RAY;
}

function rayDiv(a: bigint, b: bigint): bigint {
  return (a * RAY + b / 2n) / b;
}

/** MathUtils.calculateCompoundedInterest: a three-term binomial expansion of (1 + rate/year)^seconds. */
function compoundedInterest(rate: bigint, seconds: bigint): bigint {
  if (seconds === 0n) {
    return RAY;
  }
  const expMinusOne = seconds - 1n;
  const expMinusTwo = seconds > 2n ? seconds - 2n : 0n;
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR;
  const secondTerm = (seconds * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (seconds * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rate * seconds) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}

export class AaveVariableDebt {
  private index = RAY;
  private rate = 0n;
  private lastUpdate: number | undefined;
  private scaled = 0n;
  /** The aToken's cash: what the borrow rate's usage ratio divides by. */
  private available: bigint;
  private readonly slope1: bigint;
  private readonly optimal: bigint;

  constructor(model: AaveReserveModel, seedUnits: bigint) {
    this.available = seedUnits;
    this.slope1 = BigInt(model.variableSlope1Bps) * BPS_TO_RAY;
    this.optimal = BigInt(model.optimalUsageBps) * BPS_TO_RAY;
  }

  /** variableDebtToken.balanceOf(maker) at a timestamp at or after the last update. */
  debtAt(timestamp: number): bigint {
    if (this.scaled === 0n) {
      return 0n;
    }
    return rayMul(this.scaled, this.normalizedDebt(timestamp));
  }

  borrow(timestamp: number, amount: bigint): void {
    this.updateState(timestamp);
    this.scaled += rayDiv(amount, this.index);
    this.available -= amount;
    this.updateRate();
  }

  /** Returns what was actually paid back: Aave caps a repayment at the debt. */
  repay(timestamp: number, amount: bigint): bigint {
    this.updateState(timestamp);
    const debt = rayMul(this.scaled, this.index);
    const paid = amount < debt ? amount : debt;
    const burned = rayDiv(paid, this.index);
    this.scaled = burned > this.scaled ? 0n : this.scaled - burned;
    this.available += paid;
    this.updateRate();
    return paid;
  }

  /** A repaid flash loan of this reserve: the premium stays in the aToken's cash and the rate is reset. */
  flashLoan(timestamp: number, premium: bigint): void {
    this.updateState(timestamp);
    this.available += premium;
    this.updateRate();
  }

  private normalizedDebt(timestamp: number): bigint {
    if (this.lastUpdate === undefined || timestamp === this.lastUpdate) {
      return this.index;
    }
    return rayMul(compoundedInterest(this.rate, BigInt(timestamp - this.lastUpdate)), this.index);
  }

  private updateState(timestamp: number): void {
    if (this.lastUpdate === timestamp) {
      return;
    }
    // The index only moves while there is debt; the timestamp moves regardless.
    if (this.scaled !== 0n) {
      this.index = this.normalizedDebt(timestamp);
    }
    this.lastUpdate = timestamp;
  }

  private updateRate(): void {
    const totalDebt = rayMul(this.scaled, this.index);
    if (totalDebt === 0n) {
      this.rate = 0n;
      return;
    }
    const usage = rayDiv(totalDebt, this.available + totalDebt);
    if (usage > this.optimal) {
      throw new PmmError('expected KPIs', 'Aave usage above the optimal ratio is not modelled', {
        fix: 'add slope2 to the reserve model (the demo stays near 1 % usage)',
      });
    }
    this.rate = rayDiv(rayMul(this.slope1, usage), this.optimal);
  }
}
