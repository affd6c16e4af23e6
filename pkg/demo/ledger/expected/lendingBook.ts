/**
 * The maker's positions at the lending venues, driven by the ledger's lending actions and flash loans:
 * Aave supply (aTokens, no interest: nobody borrows what the maker supplies) and variable debt, Comet
 * collateral and base borrow. Keeps the net amount borrowed since the last look, so interest can be
 * told apart from principal.
 */
import { PmmError } from '../../../../src/core/errors';
import type { LendingAction } from '../../sim/plan';
import { ASSETS, type Asset } from '../../sim/scenario';
import { AaveVariableDebt } from './aaveDebt';
import { CometBaseBorrow } from './cometBorrow';
import type { KpiConfig } from './types';
import { toUnits } from './units';

export type AssetUnits = Record<Asset, bigint>;

const SOURCE = 'expected KPIs';

export function zero(): AssetUnits {
  return { WETH: 0n, WBTC: 0n, USDC: 0n, USDT: 0n };
}

/** The lending venues' state machines, one per modelled debt. */
export class LendingBook {
  readonly aaveSupplied = zero();
  private readonly aave = new Map<Asset, AaveVariableDebt>();
  readonly cometCollateral = zero();
  private readonly comet: CometBaseBorrow;
  private readonly flows = { aave: zero(), comet: zero() };

  constructor(private readonly config: KpiConfig) {
    for (const asset of ASSETS) {
      const model = config.aave.reserves[asset];
      if (model) {
        this.aave.set(asset, new AaveVariableDebt(model, toUnits(model.seed, asset)));
      }
    }
    this.comet = new CometBaseBorrow(config.comet.borrowAprWad);
  }

  /** Applies one action; returns the wallet's change in the action's asset. */
  apply(timestamp: number, action: LendingAction): bigint {
    const amount = toUnits(action.amount, action.asset);
    if (action.venue === 'aave') {
      if (action.op === 'supply') {
        if (this.aave.has(action.asset)) {
          throw new PmmError(SOURCE, `supplying ${action.asset} to Aave earns interest this model does not replay`, {
            fix: 'model the liquidity index of that reserve',
          });
        }
        this.aaveSupplied[action.asset] += amount;
        return -amount;
      }
      const reserve = this.aaveReserve(action.asset);
      if (action.op === 'borrow') {
        reserve.borrow(timestamp, amount);
        this.flows.aave[action.asset] += amount;
        return amount;
      }
      const paid = reserve.repay(timestamp, amount);
      this.flows.aave[action.asset] -= paid;
      return -paid;
    }
    if (action.op === 'supplyCollateral') {
      this.cometCollateral[action.asset] += amount;
      return -amount;
    }
    if (action.asset !== this.config.comet.baseAsset) {
      throw new PmmError(SOURCE, `Comet lends ${this.config.comet.baseAsset} only, not ${action.asset}`);
    }
    if (action.op === 'borrow') {
      this.comet.borrow(timestamp, amount);
      this.flows.comet[action.asset] += amount;
      return amount;
    }
    this.comet.repay(timestamp, amount);
    this.flows.comet[action.asset] -= amount;
    return -amount;
  }

  flashLoan(timestamp: number, asset: Asset, premium: bigint): void {
    this.aave.get(asset)?.flashLoan(timestamp, premium);
  }

  debts(timestamp: number): { aave: AssetUnits; comet: AssetUnits } {
    const aave = zero();
    for (const [asset, reserve] of this.aave) {
      aave[asset] = reserve.debtAt(timestamp);
    }
    const comet = zero();
    comet[this.config.comet.baseAsset] = this.comet.borrowAt(timestamp);
    return { aave, comet };
  }

  /** Net borrowed since the last call, per venue. */
  takeFlows(): { aave: AssetUnits; comet: AssetUnits } {
    const flows = { aave: { ...this.flows.aave }, comet: { ...this.flows.comet } };
    for (const asset of ASSETS) {
      this.flows.aave[asset] = 0n;
      this.flows.comet[asset] = 0n;
    }
    return flows;
  }

  private aaveReserve(asset: Asset): AaveVariableDebt {
    const reserve = this.aave.get(asset);
    if (!reserve) {
      throw new PmmError(SOURCE, `no Aave rate model for ${asset}`, { fix: 'add it to config.aave.reserves' });
    }
    return reserve;
  }
}
