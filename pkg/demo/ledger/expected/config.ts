/**
 * The demo's KPI-config: every choice the framework leaves to configuration or leaves open, made once
 * for the demo world. The engine must be configured (or must choose) the same way for the world test
 * to compare like with like; each line says why it is what it is.
 */
import { OPENING_BALANCES } from '../../sim/plan';
import { START_PRICES } from '../../sim/market';
import { STABLES, VOLATILE } from '../../sim/scenario';
import type { KpiConfig } from './types';

export const DEMO_KPI_CONFIG: KpiConfig = {
  // The ledger starts from these (minted before block 0 and not recorded as events).
  openingBalances: OPENING_BALANCES,
  // The wallets' own transactions: the simulator sends lending, flash loans and rebalances from the maker
  // and treasury (venue deposits and profit withdrawals too); fills are sent by the takers (who pay their
  // gas), feeds by the deployer, capital deposits by the outside investor. The kind names the sender.
  walletTxKinds: ['lending', 'flashloan', 'rebalance', 'venueDeposit', 'withdrawal'],
  // Gas is paid in ETH; the WETH feed prices it (there is no separate ETH feed in the demo).
  ethPriceAsset: 'WETH',
  // Concentration counts USDC and USDT as one asset (the framework's default).
  stablecoins: STABLES,
  // Only the volatile assets are hedged (perps on WETH and WBTC), so hedge coverage is about them.
  hedgedAssets: VOLATILE,
  // Net delta is a price exposure: reported for the volatile assets only. Stablecoins are the numeraire
  // the book is measured in, and their "delta" is the mirror image of the volatile ones.
  netDeltaAssets: VOLATILE,
  // Neutral level = the opening net position (wallets + supplied − borrowed, after the opening lending):
  // WETH 600 + 200 wallets (300 + 100 of it then supplied), WBTC 30 + 10. Net delta is
  // (long − short − neutral) ÷ neutral; hedge coverage judges the hedges against long − short − neutral.
  neutralUnits: {
    WETH: OPENING_BALANCES.maker.WETH + OPENING_BALANCES.treasury.WETH,
    WBTC: OPENING_BALANCES.maker.WBTC + OPENING_BALANCES.treasury.WBTC,
  },
  // Target level = the opening inventory value at the start prices; USDC's includes the opening hedge
  // margin (in the treasury's opening balance, sent to the venue in block 0) and is net of the 550,000
  // USDC borrowed (which sits in the wallet).
  inventoryTargetsUsd: {
    WETH: (OPENING_BALANCES.maker.WETH + OPENING_BALANCES.treasury.WETH) * START_PRICES.WETH,
    WBTC: (OPENING_BALANCES.maker.WBTC + OPENING_BALANCES.treasury.WBTC) * START_PRICES.WBTC,
    USDC: (OPENING_BALANCES.maker.USDC + OPENING_BALANCES.treasury.USDC) * START_PRICES.USDC,
    USDT: (OPENING_BALANCES.maker.USDT + OPENING_BALANCES.treasury.USDT) * START_PRICES.USDT,
  },
  // The hedge venue reports its balance as USDC (endpoints.md), so it is a USDC holding valued at the
  // USDC feed; the positions' unrealized PnL is reported in USD and counted at face value.
  hedgeMarginAsset: 'USDC',
  // The framework's N = 90 daily returns; a 30-day demo has at most 29, and all available are used.
  varWindowDays: 90,
  varConfidence: 0.99,
  gasVolatilityWindowMs: 24 * 3600 * 1000,
  aave: {
    // contracts/aave.ts RESERVES (liquidationThreshold, bps).
    liquidationThresholdBps: { WETH: 8250, WBTC: 7800, USDC: 8000, USDT: 7800 },
    // contracts/aave.ts RESERVES: base rate 0, slope1 4 % up to 90 % usage, 50,000,000 USDC seeded by the
    // deployer. Only the reserves the maker borrows need a rate model (nobody borrows WETH, so the
    // maker's aWETH earns nothing).
    reserves: { USDC: { seed: 50_000_000, variableSlope1Bps: 400, optimalUsageBps: 9000 } },
  },
  comet: {
    // world/deployWorld.ts: base USDC, borrowApr 0.05 at any utilization (no rate curve).
    baseAsset: 'USDC',
    borrowAprWad: 50_000_000_000_000_000n,
    liquidateCollateralFactor: { WETH: 0.895, WBTC: 0.77 },
  },
};
