/**
 * The hedge venue: a simulated perpetuals account where the market maker offsets its volatile
 * exposure. It is off-chain, so its whole history is computed here and served by the demo's hedge
 * endpoint; the ledger reads the same numbers.
 */
import type { PlannedBlock } from './plan';

export const HEDGE_ASSETS = ['WETH', 'WBTC'] as const;
export type HedgeAsset = (typeof HEDGE_ASSETS)[number];

export { HEDGE_OPENING_MARGIN } from './plan';
const TAKER_FEE = 0.0002;
/** Funding paid by longs to shorts per 8 hours, as a share of the position's notional. */
const FUNDING_PER_8H = 0.0001;

export interface HedgePosition {
  asset: HedgeAsset;
  /** Perp size in the asset's units; negative = short. */
  size: number;
  entryPrice: number;
  markPrice: number;
  unrealizedPnl: number;
}

export interface HedgeState {
  timestamp: number;
  positions: HedgePosition[];
  /** Margin balance in USD: deposits + realized PnL − fees + funding. */
  marginBalance: number;
  /** USDC credited from the market maker's wallets through the deposit address, since the start. */
  deposits: number;
  depositsThisBlock: number;
  realizedPnl: number;
  feesPaid: number;
  /** Net funding received (negative when paid). */
  fundingNet: number;
  /** Fees and funding of this block alone, for per-interval costs. */
  feesThisBlock: number;
  fundingThisBlock: number;
  tradedNotionalThisBlock: number;
}

/**
 * The venue's account, block by block: each step credits the block's deposits, accrues funding over the
 * interval the block closes, and trades the positions to the block's hedge targets. The month and the
 * live demo's blocks step the same account.
 */
export class HedgeVenueSimulation {
  private readonly size: Record<HedgeAsset, number> = { WETH: 0, WBTC: 0 };
  private readonly entry: Record<HedgeAsset, number> = { WETH: 0, WBTC: 0 };
  private realizedPnl = 0;
  private feesPaid = 0;
  private fundingNet = 0;
  private deposits = 0;

  /** `intervalSec`: the time since the previous block, over which the held positions paid funding. */
  step(block: PlannedBlock, intervalSec: number): HedgeState {
    const { size, entry } = this;
    // A deposit is credited in the block that carries its on-chain transfer to the deposit address.
    const depositsThisBlock = block.venueDeposits.reduce((total, deposit) => total + deposit.amount, 0);
    this.deposits += depositsThisBlock;
    let feesThisBlock = 0;
    let fundingThisBlock = 0;
    let tradedNotional = 0;
    for (const asset of HEDGE_ASSETS) {
      const price = block.prices[asset];
      // Funding accrues on the position held through the interval, before it is adjusted.
      const funding = -size[asset] * price * FUNDING_PER_8H * (intervalSec / 28_800);
      fundingThisBlock += funding;
      const target = block.hedge[asset];
      const trade = target - size[asset];
      if (trade !== 0) {
        const notional = Math.abs(trade) * price;
        tradedNotional += notional;
        feesThisBlock += notional * TAKER_FEE;
        const closing = size[asset] !== 0 && Math.sign(trade) !== Math.sign(size[asset]);
        if (closing) {
          const closed = Math.min(Math.abs(trade), Math.abs(size[asset]));
          this.realizedPnl += closed * Math.sign(size[asset]) * (price - entry[asset]);
          if (Math.abs(trade) > Math.abs(size[asset])) {
            entry[asset] = price;
          }
        } else {
          entry[asset] = (entry[asset] * Math.abs(size[asset]) + price * Math.abs(trade)) / Math.abs(target);
        }
        size[asset] = target;
        if (size[asset] === 0) {
          entry[asset] = 0;
        }
      }
    }
    this.feesPaid += feesThisBlock;
    this.fundingNet += fundingThisBlock;
    return {
      timestamp: block.timestamp,
      positions: HEDGE_ASSETS.map((asset) => ({
        asset,
        size: size[asset],
        entryPrice: entry[asset],
        markPrice: block.prices[asset],
        unrealizedPnl: size[asset] * (block.prices[asset] - entry[asset]),
      })),
      marginBalance: this.deposits + this.realizedPnl - this.feesPaid + this.fundingNet,
      deposits: this.deposits,
      depositsThisBlock,
      realizedPnl: this.realizedPnl,
      feesPaid: this.feesPaid,
      fundingNet: this.fundingNet,
      feesThisBlock,
      fundingThisBlock,
      tradedNotionalThisBlock: tradedNotional,
    };
  }
}

export function simulateHedgeVenue(blocks: readonly PlannedBlock[], intervalSec: number): HedgeState[] {
  const venue = new HedgeVenueSimulation();
  return blocks.map((block) => venue.step(block, intervalSec));
}
