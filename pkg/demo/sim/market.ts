/**
 * Prices and base fees for every simulated block: correlated random walks for ETH and BTC, stables
 * near one dollar, one stress day for ETH, and one day of gas spikes. Prices are rounded to the feed's
 * 8 decimals here, so the ledger and the chain hold the very same numbers.
 */
import type { Random } from './random';
import { blockTime, inWindow, type Asset, type Scenario } from './scenario';

export type Prices = Record<Asset, number>;

export const START_PRICES: Prices = { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 1 };

const DAILY_VOL = { WETH: 0.035, WBTC: 0.028 };
const CORRELATION = 0.8;
/** ETH falls by this share over the stress window, BTC by half as much. */
export const STRESS_DROP = 0.2;

function round8(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

export function pricePath(scenario: Scenario, random: Random): Prices[] {
  const steps = scenario.blocks;
  const perStep = Math.sqrt(scenario.intervalSec / 86_400);
  const stressSteps = Math.max(1, Math.round((scenario.stress.to - scenario.stress.from) / scenario.intervalSec));
  const path: Prices[] = [];
  let eth = START_PRICES.WETH;
  let btc = START_PRICES.WBTC;
  for (let i = 0; i < steps; i++) {
    if (i > 0) {
      const z1 = random.normal();
      const z2 = CORRELATION * z1 + Math.sqrt(1 - CORRELATION ** 2) * random.normal();
      let ethReturn = DAILY_VOL.WETH * perStep * z1;
      let btcReturn = DAILY_VOL.WBTC * perStep * z2;
      if (inWindow(scenario.stress, blockTime(scenario, i))) {
        ethReturn += Math.log(1 - STRESS_DROP) / stressSteps;
        btcReturn += Math.log(1 - STRESS_DROP / 2) / stressSteps;
      }
      eth *= Math.exp(ethReturn);
      btc *= Math.exp(btcReturn);
    }
    const stables = { USDC: round8(1 + 0.0002 * random.normal()), USDT: round8(1 + 0.0003 * random.normal()) };
    // Block 0 answers what set-up posted, so the month starts where set-up left the portfolio's value.
    path.push(i === 0 ? { ...START_PRICES } : { WETH: round8(eth), WBTC: round8(btc), ...stables });
  }
  return path;
}

const GWEI = 1_000_000_000n;

/** Base fee of every block, in wei: calm around 20 gwei, wild on the gas-spike day. */
export function baseFeePath(scenario: Scenario, random: Random): bigint[] {
  const fees: bigint[] = [];
  for (let i = 0; i < scenario.blocks; i++) {
    const spike = inWindow(scenario.gasSpike, blockTime(scenario, i));
    const gwei = spike ? random.logNormal(60, 0.7) : random.logNormal(20, 0.08);
    fees.push((BigInt(Math.round(gwei * 1000)) * GWEI) / 1000n);
  }
  return fees;
}
