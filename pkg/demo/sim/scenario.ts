/**
 * The shape of the simulated month: how long, how often a block, and when the bad days happen.
 * Everything else in the simulation derives from this and the seed.
 */
export const ASSETS = ['WETH', 'WBTC', 'USDC', 'USDT'] as const;
export type Asset = (typeof ASSETS)[number];
export const VOLATILE: readonly Asset[] = ['WETH', 'WBTC'];
export const STABLES: readonly Asset[] = ['USDC', 'USDT'];
export const DECIMALS: Record<Asset, number> = { WETH: 18, WBTC: 8, USDC: 6, USDT: 6 };

export interface WorldConfig {
  seed: number;
  days: number;
  /** Seconds between two simulated blocks (each block carries the market maker's activity of its interval). */
  intervalSec: number;
  /** Timestamp of the last simulated block; the default ends the history at "now". */
  endTime: number;
}

/**
 * The chain's genesis (and the set-up right after it) comes this long before the first simulated
 * block: over a day, so no 24-hour window that ends inside the month (gas volatility) reaches the
 * set-up blocks, whose base fees are anvil's own, not the simulation's.
 */
export const GENESIS_LEAD_SEC = 25 * 3600;

/** 31 days: the last block then has 30 full days of simulated prices behind it, what VaR needs (revision 2). */
export const DEFAULT_WORLD: Omit<WorldConfig, 'endTime'> = { seed: 1, days: 31, intervalSec: 1800 };

export interface Window {
  from: number;
  to: number;
}

export interface Scenario extends WorldConfig {
  blocks: number;
  /** Timestamp of simulated block 0. */
  startTime: number;
  /** The day ETH drops sharply (drawdown, VaR and liquidation buffer cross their warning bands). */
  stress: Window;
  /** The day the base fee spikes (gas volatility crosses its band). */
  gasSpike: Window;
  /** Quoting outages: one that takes its day's uptime into warning, one into critical. */
  outages: Array<Window & { level: 'warning' | 'critical'; failShare: number }>;
  /** One feed posts nothing in this window while the market keeps moving (its answer goes stale). */
  staleFeed: Window & { asset: Asset };
  /** When capital comes in from outside, goes out as profit, and tops up the hedge venue's margin. */
  capitalDeposit: number;
  profitWithdrawal: number;
  marginTopUp: number;
}

const DAY = 86_400;

export function buildScenario(config: WorldConfig): Scenario {
  const blocks = Math.floor((config.days * DAY) / config.intervalSec);
  if (blocks < 48 || blocks > 2_000) {
    throw new Error(
      `${blocks} blocks (${config.days} days at one block per ${config.intervalSec} s): the demo world needs 48 to 2,000 blocks (anvil keeps a full state per block)`
    );
  }
  const endTime = Math.floor(config.endTime / config.intervalSec) * config.intervalSec;
  const startTime = endTime - (blocks - 1) * config.intervalSec;
  const dayStart = (fraction: number) => startTime + Math.floor(config.days * fraction) * DAY;
  const stressStart = dayStart(0.6) + 8 * 3600;
  return {
    ...config,
    endTime,
    blocks,
    startTime,
    stress: { from: stressStart, to: stressStart + 6 * 3600 },
    gasSpike: { from: dayStart(0.35), to: dayStart(0.35) + DAY },
    outages: [
      // Half the RFQs of one interval fail: about 1 % of that day's RFQs, so its uptime is a warning.
      {
        from: dayStart(0.2) + 14 * 3600,
        to: dayStart(0.2) + 14 * 3600 + config.intervalSec,
        level: 'warning',
        failShare: 0.5,
      },
      // Three hours down: about an eighth of that day's RFQs, critical.
      { from: dayStart(0.8) + 2 * 3600, to: dayStart(0.8) + 5 * 3600, level: 'critical', failShare: 1 },
    ],
    // Six hours without an ETH/USD answer on a calm day (not the stress or gas-spike day).
    staleFeed: { asset: 'WETH', from: dayStart(0.45) + 9 * 3600, to: dayStart(0.45) + 15 * 3600 },
    capitalDeposit: dayStart(0.3) + 11 * 3600,
    profitWithdrawal: dayStart(0.85) + 16 * 3600,
    marginTopUp: dayStart(0.5) + 10 * 3600,
  };
}

export function blockTime(scenario: Scenario, index: number): number {
  return scenario.startTime + index * scenario.intervalSec;
}

export function inWindow(window: Window, time: number): boolean {
  return time >= window.from && time < window.to;
}
