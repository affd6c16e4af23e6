/**
 * What revision 2 of the framework needs beyond revision 1's KPI-config, made once for the demo world.
 * Each line says why; the engine must be configured (or choose) the same way for the world test to
 * compare like with like.
 */
import type { Role } from '../../../chain/clients';
import { GAS_FLOAT_ETH, RECEIVER_PREMIUM_FUND } from '../../../sim/plan';
import type { Asset } from '../../../sim/scenario';
import { DEMO_KPI_CONFIG } from '../config';
import type { KpiConfig } from '../types';

export interface Revision2Config {
  /** Everything revision 1 decides (neutral levels, targets, rate models, …). */
  base: KpiConfig;
  /** Native ETH of the desk's wallets before the month: their gas float. */
  gasFloatEth: Record<'maker' | 'treasury', number>;
  /** Senders whose gas the wallets pay (and whose native ETH it spends). */
  walletRoles: readonly Role[];
  /** The flash-loan receiver's tokens before the month: a wallet of the portfolio in revision 2. */
  receiverOpening: Partial<Record<Asset, number>>;
  /** A feed answer older than this (block time − updatedAt > heartbeat) is stale: CoinGecko values it. */
  feedHeartbeatSec: Record<Asset, number>;
  /** A feed answer off CoinGecko by more than this share is flagged (its value is kept). */
  maxFeedDeviation: number;
  /** VaR has no value with fewer daily returns than this. */
  varMinReturns: number;
}

export const DEMO_REVISION2_CONFIG: Revision2Config = {
  base: DEMO_KPI_CONFIG,
  // sim/plan.ts GAS_FLOAT_ETH: set after set-up, so the last set-up block holds exactly these.
  gasFloatEth: { maker: GAS_FLOAT_ETH.maker, treasury: GAS_FLOAT_ETH.treasury },
  walletRoles: ['maker', 'treasury'],
  // The premium fund parked in the receiver at set-up; premiums are paid from it.
  receiverOpening: { USDC: RECEIVER_PREMIUM_FUND },
  // Chainlink's ETH/USD and BTC/USD heartbeat on mainnet is one hour; the demo holds every feed to it
  // (they post every half-hour block), so the stale window is stale from its third block on.
  feedHeartbeatSec: { WETH: 3600, WBTC: 3600, USDC: 3600, USDT: 3600 },
  maxFeedDeviation: 0.02,
  varMinReturns: 30,
};
