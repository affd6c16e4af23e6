/**
 * The live demo's desk: after the month, one block per live interval at wall-clock time, with the
 * month's rates per unit of time (not per block) and a cycle of scripted moments so the dashboards
 * move and the alert rules fire and resolve. Pure: the caller passes the block's time and the state
 * this module carries from block to block.
 *
 * Scaling from the month's 30-minute blocks to a live interval of `intervalSec` (120 s by default):
 * RFQs arrive at the same 12 an hour (Poisson with mean 12 × interval ÷ 3,600 per block), a third of
 * the quotes fill, prices walk with the same daily volatility (σ × √(elapsed ÷ 1 day) per block), two
 * flash loans a day, the ops desk's optional top-ups at the same chance per 30 minutes, and the hedger
 * re-targets after every block's fills. Feeds post as Chainlink's do, on a deviation (0.1 %) or a
 * heartbeat (10 minutes), rather than in every block.
 */
import type { Prices } from './market';
import {
  hedgeTargets,
  planRebalances,
  planRfqs,
  round,
  TOP_UP_CHANCE_PER_30_MIN,
  type FeedAnswer,
  type FlashLoan,
  type LendingAction,
  type PlanBook,
  type PlannedBlock,
} from './plan';
import type { Random } from './random';
import { ASSETS, type Asset, type Scenario, type Window } from './scenario';

/**
 * The live block interval: 2 minutes, not mainnet's 12 s. anvil keeps a full state per block, about
 * 2.4 MiB each on the 31-day world (measured 2026-12-03: 1,500 blocks at 12 s took anvil from 1.80 to
 * 5.41 GiB), so 24 h at 12 s would need some 19 GiB; at 120 s, 720 blocks a day stay under 4 GiB
 * (README, "The live demo").
 */
export const LIVE_INTERVAL_SEC = 120;

/** Feeds post when the market is this far off their answer, or when their answer is this old. */
export const FEED_DEVIATION = 0.001;
export const FEED_HEARTBEAT_SEC = 600;

/**
 * The scripted moments repeat every two hours from the start of the live demo, as offsets into the
 * cycle (seconds). Two hours because uptime is judged over the last hour: an outage must leave that
 * window (and the rule resolve) before the next one. In the first 75 minutes every moment has fired
 * and resolved.
 *  - outage: the quote endpoint times out on every RFQ for 5 minutes (uptime over 1 h falls under
 *    its 98 % critical edge; takers retry, so at least one RFQ fails);
 *  - drop: ETH falls over 5 minutes to the price where the thinnest lending position's buffer is
 *    DROP_BUFFER (under the 50 % warning edge, above the 10 % critical one), BTC half as far; it
 *    holds 15 minutes, then recovers over 5 minutes to where the market's walk is.
 */
export const MOMENT_CYCLE_SEC = 7_200;
export const MOMENTS = {
  outage: { from: 300, to: 600 },
  drop: { from: 1_200, low: 1_500, recoverFrom: 2_400, to: 2_700 },
} as const;
export const DROP_BUFFER = 0.3;

/** Liquidation thresholds of the demo's WETH collateral (deployWorld: Aave's reserve, Comet's asset). */
export interface LiquidationThresholds {
  aave: number;
  comet: number;
}

const DAILY_VOL = { WETH: 0.035, WBTC: 0.028 };
const CORRELATION = 0.8;
const FLASH_LOANS_PER_DAY = 2;

export interface LiveDesk {
  /** Index of the next block (continuing the month's). */
  index: number;
  /** The previous block's timestamp. */
  timestamp: number;
  /** The cycle's origin: the live demo's first block. */
  startSec: number;
  intervalSec: number;
  /** The market's random walk, before any scripted drop. */
  walk: Record<'WETH' | 'WBTC', number>;
  /** Each feed's answer after the previous block. */
  feeds: Record<Asset, FeedAnswer>;
  book: PlanBook;
  /** The lending the world has done so far (the month's actions), for the drop's target price. */
  lending: LendingAction[];
  thresholds: LiquidationThresholds;
  /** The drop's depth for ETH (market ÷ walk at the low), fixed when a drop starts. */
  dropFactor?: number;
  /** The cycle whose start the desk last checked its lending at. */
  checkedCycle?: number;
}

/** Carries the month's last block into the live desk. */
export function liveDesk(
  blocks: readonly PlannedBlock[],
  book: PlanBook,
  options: { startSec: number; intervalSec: number; thresholds: LiquidationThresholds }
): LiveDesk {
  const last = blocks[blocks.length - 1];
  return {
    index: last.index + 1,
    timestamp: last.timestamp,
    startSec: options.startSec,
    intervalSec: options.intervalSec,
    walk: { WETH: last.prices.WETH, WBTC: last.prices.WBTC },
    feeds: { ...last.feeds },
    book: structuredClone(book),
    lending: blocks.flatMap((block) => block.lending),
    thresholds: options.thresholds,
  };
}

export interface MomentState {
  outage: boolean;
  /** Share of the drop in force: 0 outside it, 1 at its low. */
  dropShare: number;
  /** The first block of a drop (its depth is fixed here). */
  dropStarts: boolean;
}

/** Where the cycle stands at `timestamp`. */
export function momentAt(startSec: number, timestamp: number): MomentState {
  const t = (((timestamp - startSec) % MOMENT_CYCLE_SEC) + MOMENT_CYCLE_SEC) % MOMENT_CYCLE_SEC;
  const { outage, drop } = MOMENTS;
  let dropShare = 0;
  if (t >= drop.from && t < drop.low) {
    dropShare = (t - drop.from) / (drop.low - drop.from);
  } else if (t >= drop.low && t < drop.recoverFrom) {
    dropShare = 1;
  } else if (t >= drop.recoverFrom && t < drop.to) {
    dropShare = 1 - (t - drop.recoverFrom) / (drop.to - drop.recoverFrom);
  }
  return { outage: t >= outage.from && t < outage.to, dropShare, dropStarts: t >= drop.from && t < drop.low };
}

/** The outage windows (absolute seconds) that overlap (from, to]. */
function outagesAround(startSec: number, from: number, to: number): Scenario['outages'] {
  const cycle = Math.floor((from - startSec) / MOMENT_CYCLE_SEC);
  const windows: Scenario['outages'] = [];
  for (const k of [cycle - 1, cycle, cycle + 1]) {
    const base = startSec + k * MOMENT_CYCLE_SEC;
    const window = { from: base + MOMENTS.outage.from, to: base + MOMENTS.outage.to };
    if (window.to > from && window.from <= to) {
      windows.push({ ...window, level: 'critical', failShare: 1 });
    }
  }
  return windows;
}

/**
 * Between moments the desk keeps its lending healthy: at the start of each cycle (and of the live
 * demo), a position whose buffer at the market price is under DELEVERAGE_BELOW is repaid down to
 * DELEVERAGE_TO, so the liquidation-buffer rule is quiet until the drop (the month's stress day can
 * leave it under its 50 % warning edge).
 */
export const DELEVERAGE_BELOW = 0.7;
export const DELEVERAGE_TO = 0.8;

type Venue = 'aave' | 'comet';
type Positions = Record<Venue, { collateral: number; debt: number }>;

/** WETH collateral and USDC debt per venue from the lending actions (interest left out). */
function positionsOf(lending: readonly LendingAction[]): Positions {
  const book: Positions = { aave: { collateral: 0, debt: 0 }, comet: { collateral: 0, debt: 0 } };
  for (const action of lending) {
    const position = book[action.venue];
    if (action.asset === 'WETH' && (action.op === 'supply' || action.op === 'supplyCollateral')) {
      position.collateral += action.amount;
    } else if (action.asset === 'USDC' && action.op === 'borrow') {
      position.debt += action.amount;
    } else if (action.asset === 'USDC' && action.op === 'repay') {
      position.debt -= action.amount;
    }
  }
  return book;
}

const VENUES: readonly Venue[] = ['aave', 'comet'];

/**
 * The WETH price at which the thinnest position's buffer ((threshold × collateral value − debt) ÷
 * debt) is `buffer`, from the world's lending actions (interest left out: it thins the buffer a
 * little further, by well under a point over a month).
 */
export function priceForBuffer(
  lending: readonly LendingAction[],
  thresholds: LiquidationThresholds,
  buffer: number
): number {
  const book = positionsOf(lending);
  const prices = VENUES.filter((venue) => book[venue].debt > 0 && book[venue].collateral > 0).map(
    (venue) => ((1 + buffer) * book[venue].debt) / (book[venue].collateral * thresholds[venue])
  );
  return prices.length > 0 ? Math.max(...prices) : 0;
}

/** The repayments that take every position under DELEVERAGE_BELOW at `price` to DELEVERAGE_TO. */
export function deleverage(
  lending: readonly LendingAction[],
  thresholds: LiquidationThresholds,
  price: number
): LendingAction[] {
  const book = positionsOf(lending);
  const repays: LendingAction[] = [];
  for (const venue of VENUES) {
    const { collateral, debt } = book[venue];
    const limit = collateral * price * thresholds[venue];
    if (debt > 0 && limit / debt - 1 < DELEVERAGE_BELOW) {
      const amount = round(debt - limit / (1 + DELEVERAGE_TO), 2);
      if (amount >= 1) {
        repays.push({ venue, op: 'repay', asset: 'USDC', amount } as LendingAction);
      }
    }
  }
  return repays;
}

function marketPrices(desk: LiveDesk, moment: MomentState, random: Random, elapsedSec: number): Prices {
  const perStep = Math.sqrt(elapsedSec / 86_400);
  const z1 = random.normal();
  const z2 = CORRELATION * z1 + Math.sqrt(1 - CORRELATION ** 2) * random.normal();
  desk.walk.WETH *= Math.exp(DAILY_VOL.WETH * perStep * z1);
  desk.walk.WBTC *= Math.exp(DAILY_VOL.WBTC * perStep * z2);
  if (moment.dropStarts && desk.dropFactor === undefined) {
    const target = priceForBuffer(desk.lending, desk.thresholds, DROP_BUFFER);
    // Always a visible drop, never a crash: between 3 % and 50 %.
    desk.dropFactor = Math.min(0.97, Math.max(0.5, target / desk.walk.WETH));
  }
  if (moment.dropShare === 0) {
    desk.dropFactor = undefined;
  }
  const ethFactor = 1 - moment.dropShare * (1 - (desk.dropFactor ?? 1));
  const btcFactor = 1 - (1 - ethFactor) / 2;
  const round8 = (value: number) => Math.round(value * 1e8) / 1e8;
  return {
    WETH: round8(desk.walk.WETH * ethFactor),
    WBTC: round8(desk.walk.WBTC * btcFactor),
    USDC: round8(1 + 0.0002 * random.normal()),
    USDT: round8(1 + 0.0003 * random.normal()),
  };
}

function feedAnswers(
  previous: Record<Asset, FeedAnswer>,
  prices: Prices,
  timestamp: number
): Record<Asset, FeedAnswer> {
  const answers = {} as Record<Asset, FeedAnswer>;
  for (const asset of ASSETS) {
    const last = previous[asset];
    const moved = Math.abs(prices[asset] / last.price - 1) > FEED_DEVIATION;
    const old = timestamp - last.updatedAt >= FEED_HEARTBEAT_SEC;
    answers[asset] = moved || old ? { price: prices[asset], updatedAt: timestamp } : last;
  }
  return answers;
}

/** A base fee like the month's calm days: around 20 gwei. */
function baseFee(random: Random): bigint {
  const gwei = random.logNormal(20, 0.08);
  return (BigInt(Math.round(gwei * 1000)) * 1_000_000_000n) / 1000n;
}

/** Plans the live block at `timestamp` and advances the desk past it. */
export function planLiveBlock(desk: LiveDesk, timestamp: number, random: Random): PlannedBlock {
  if (timestamp <= desk.timestamp) {
    throw new Error(`live block at ${timestamp} is not after the previous one (${desk.timestamp})`);
  }
  const elapsed = timestamp - desk.timestamp;
  const moment = momentAt(desk.startSec, timestamp);
  // One stream per block and part, so a block's draws do not depend on how many the others took.
  const blockRandom = random.fork(String(desk.index));
  const prices = marketPrices(desk, moment, blockRandom.fork('prices'), elapsed);
  const { inventory, treasury, traded, counter } = desk.book;
  const cycle = Math.floor((timestamp - desk.startSec) / MOMENT_CYCLE_SEC);
  const lending = cycle === desk.checkedCycle ? [] : deleverage(desk.lending, desk.thresholds, prices.WETH);
  desk.checkedCycle = cycle;
  for (const action of lending) {
    inventory.USDC -= action.amount;
  }
  desk.lending.push(...lending);
  const window = {
    end: timestamp,
    intervalSec: elapsed,
    outages: outagesAround(desk.startSec, timestamp - elapsed, timestamp),
    staleFeed: { asset: 'WETH' as const, from: 0, to: 0 } satisfies Window & { asset: Asset },
  };
  const rfqRandom = blockRandom.fork('rfqs');
  const rfqs = planRfqs(window, prices, inventory, traded, rfqRandom, counter);
  const outageStart = window.outages.find((o) => o.from > timestamp - elapsed && o.from <= timestamp);
  if (outageStart && !rfqs.some((rfq) => rfq.error)) {
    // The outage's first block: a taker's RFQ times out (and is retried), so every outage shows.
    rfqs.push({
      id: `rfq-${String(counter.next++).padStart(6, '0')}`,
      base: 'WETH',
      quote: 'USDC',
      side: 'buy',
      size: 4,
      receivedAtMs: outageStart.from * 1000,
      error: 'quote endpoint timed out',
      accepted: false,
      willRevert: false,
    });
    rfqs.sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  }
  const opsRandom = blockRandom.fork('operations');
  const blocksPerDay = 86_400 / elapsed;
  const flashLoans: FlashLoan[] =
    opsRandom.next() < FLASH_LOANS_PER_DAY / blocksPerDay
      ? [{ asset: 'USDC', amount: round(opsRandom.logNormal(150_000, 0.4), 0) }]
      : [];
  const topUpChance = (TOP_UP_CHANCE_PER_30_MIN * elapsed) / 1800;
  const rebalances = planRebalances(inventory, treasury, opsRandom, topUpChance);
  const feeds = feedAnswers(desk.feeds, prices, timestamp);
  const block: PlannedBlock = {
    index: desk.index,
    timestamp,
    baseFeePerGas: baseFee(blockRandom.fork('gas')),
    prices,
    rfqs,
    lending,
    flashLoans,
    rebalances,
    hedge: hedgeTargets(traded),
    feeds,
    flows: [],
    venueDeposits: [],
  };
  desk.index += 1;
  desk.timestamp = timestamp;
  desk.feeds = feeds;
  return block;
}
