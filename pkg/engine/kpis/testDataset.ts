/** Small hand-made datasets for the formula and evaluation tests. */
import { baseFeeColumns, type AssetHoldings, type Dataset, type Snapshot } from '../model';

export const H = 3_600_000;
export const DAY = 24 * H;
export const T0 = 1_000 * DAY;

export function holdings(partial: Partial<AssetHoldings>): AssetHoldings {
  return { wallets: 0, supplied: 0, borrowed: 0, venue: 0, perp: 0, ...partial };
}

/** 10 WETH at 2,000 and 10,000 USDC in the wallets, nothing else. */
export function snapshot(timeMs: number, partial: Partial<Snapshot> = {}): Snapshot {
  return {
    blockNumber: BigInt(timeMs / H),
    timeMs,
    prices: { WETH: 2000, USDC: 1 },
    holdings: { WETH: holdings({ wallets: 10 }), USDC: holdings({ wallets: 10_000 }) },
    hedgeUnrealizedPnlUsd: 0,
    lending: [],
    debtUnits: {},
    nativeEth: 0,
    ethAsset: 'WETH',
    hedgeMarks: {},
    ...partial,
  };
}

/** One snapshot at T0, no events; WETH neutral at 10 units with a 20,000 USD target, USDC 10,000. */
export function dataset(partial: Partial<Dataset> = {}): Dataset {
  return {
    window: { fromMs: T0, toMs: T0 + DAY },
    assets: [
      { symbol: 'WETH', stable: false, neutralUnits: 10, targetUsd: 20_000 },
      { symbol: 'USDC', stable: true, targetUsd: 10_000 },
    ],
    snapshots: [snapshot(T0)],
    rfqs: [],
    fills: [],
    settlements: [],
    walletTxs: [],
    flashLoans: [],
    debtFlows: [],
    rebalances: [],
    hedgePnl: [],
    baseFees: baseFeeColumns([]),
    priceHistory: [],
    nodes: [],
    endpoints: [],
    externalFlows: [],
    venueDeposits: [],
    rfqProbe: null,
    measuredNow: true,
    var: { windowDays: 90, confidence: 0.99, minReturns: 30 },
    gasWindowMs: DAY,
    ...partial,
  };
}
