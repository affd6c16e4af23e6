/**
 * The simulated market maker's month as plain data: for every block, the prices it posts, the RFQs
 * it receives and how it answers them, the quotes takers accept (and the few settlements that will
 * revert), its lending, flash loans, hedges and rebalancing. Pure and deterministic from the seed, so
 * a restart replays the same world and the ledger can be computed without touching the chain.
 */
import { baseFeePath, pricePath, type Prices } from './market';
import { seededRandom, type Random } from './random';
import { blockTime, inWindow, type Asset, type Scenario } from './scenario';

export const TAKERS = ['taker1', 'taker2', 'taker3', 'taker4'] as const;
export type Taker = (typeof TAKERS)[number];

export const PAIRS = [
  { base: 'WETH', quote: 'USDC', weight: 0.5, medianSize: 4 },
  { base: 'WBTC', quote: 'USDC', weight: 0.25, medianSize: 0.25 },
  { base: 'WETH', quote: 'USDT', weight: 0.15, medianSize: 4 },
  { base: 'WBTC', quote: 'USDT', weight: 0.1, medianSize: 0.25 },
] as const satisfies ReadonlyArray<{ base: Asset; quote: Asset; weight: number; medianSize: number }>;

export interface Rfq {
  id: string;
  base: Asset;
  quote: Asset;
  /** The taker's side: "buy" = the taker buys the base asset from the market maker. */
  side: 'buy' | 'sell';
  /** Base amount asked for, in the base asset's units (float, rounded to 6 decimals). */
  size: number;
  receivedAtMs: number;
  /** Missing when the quote endpoint failed to answer (an outage). */
  quotedAtMs?: number;
  error?: string;
  /** Quote price in quote units per base unit, the feed mid ± the spread. */
  price?: number;
  /** Order expiry (unix s). */
  expiry?: number;
  accepted: boolean;
  taker?: Taker;
  /** Accepted, but the settlement will revert on-chain (the order expired before it was mined). */
  willRevert: boolean;
}

export type LendingAction =
  | { venue: 'aave'; op: 'supply' | 'borrow' | 'repay'; asset: Asset; amount: number }
  | { venue: 'comet'; op: 'supplyCollateral' | 'borrow' | 'repay'; asset: Asset; amount: number };

export interface FlashLoan {
  asset: Asset;
  amount: number;
}

export interface Rebalance {
  from: 'maker' | 'treasury';
  to: 'maker' | 'treasury';
  asset: Asset;
  amount: number;
}

/** What a Chainlink-style feed answers after a block: the last price posted and when it was posted. */
export interface FeedAnswer {
  price: number;
  updatedAt: number;
}

/**
 * Value crossing the portfolio's edge other than through trades, fees, interest and gas: capital an
 * outside address deposits into a wallet ("in"), or profit a wallet withdraws to it ("out").
 */
export interface ExternalFlow {
  direction: 'in' | 'out';
  wallet: 'maker' | 'treasury';
  asset: Asset;
  amount: number;
}

/** A wallet funding the hedge venue through its deposit address: inside the portfolio, not a flow. */
export interface VenueDeposit {
  from: 'maker' | 'treasury';
  asset: 'USDC';
  amount: number;
}

/** Target position at the hedge venue after this block: perp size per volatile asset (negative = short). */
export type HedgeTargets = Record<'WETH' | 'WBTC', number>;

export interface PlannedBlock {
  index: number;
  timestamp: number;
  baseFeePerGas: bigint;
  prices: Prices;
  rfqs: Rfq[];
  lending: LendingAction[];
  flashLoans: FlashLoan[];
  rebalances: Rebalance[];
  hedge: HedgeTargets;
  /** Each feed's answer after this block: the market price where it posted, its older answer where stale. */
  feeds: Record<Asset, FeedAnswer>;
  flows: ExternalFlow[];
  venueDeposits: VenueDeposit[];
}

export interface WorldPlan {
  scenario: Scenario;
  /** The month's blocks; the live demo appends its blocks here as it mines them. */
  blocks: PlannedBlock[];
  /** The book after the month's last block, where the live demo carries on from. */
  book?: PlanBook;
}

/** USDC the treasury sends to the hedge venue's deposit address in the first block: the venue's margin. */
export const HEDGE_OPENING_MARGIN = 5_000_000;

/** What the market maker holds at the start, per wallet (units of each asset); the treasury's USDC includes the margin it sends the hedge venue in block 0. */
export const OPENING_BALANCES: Record<'maker' | 'treasury', Record<Asset, number>> = {
  maker: { WETH: 600, WBTC: 30, USDC: 2_500_000, USDT: 1_500_000 },
  treasury: { WETH: 200, WBTC: 10, USDC: 1_500_000 + HEDGE_OPENING_MARGIN, USDT: 1_000_000 },
};

/**
 * Native ETH per wallet when the month starts: a gas float, as a desk keeps (not anvil's 10,000 test
 * ETH). The maker sends most transactions (lending, flash loans, rebalances); a month costs it well
 * under 1 ETH even with the gas-spike day, whose fees a transaction must be able to cover at twice
 * the base fee before it is mined.
 */
export const GAS_FLOAT_ETH: Record<'maker' | 'treasury' | 'settlement', number> = {
  maker: 5,
  treasury: 2,
  settlement: 1,
};

/** USDC parked in the flash-loan receiver (a wallet of the portfolio) to pay the premiums. */
export const RECEIVER_PREMIUM_FUND = 100_000;

/** Capital brought in from outside (into the treasury) and profit taken out (from it). */
export const CAPITAL_DEPOSIT = { asset: 'USDC', amount: 1_000_000 } as const;
export const PROFIT_WITHDRAWAL = { asset: 'USDT', amount: 400_000 } as const;
/** A top-up of the hedge venue's margin from the treasury, mid-month. */
export const MARGIN_TOP_UP = 250_000;

/** Lending positions opened in the first simulated block. */
export const OPENING_LENDING: LendingAction[] = [
  { venue: 'aave', op: 'supply', asset: 'WETH', amount: 300 },
  { venue: 'aave', op: 'borrow', asset: 'USDC', amount: 400_000 },
  { venue: 'comet', op: 'supplyCollateral', asset: 'WETH', amount: 100 },
  { venue: 'comet', op: 'borrow', asset: 'USDC', amount: 150_000 },
];

const RFQS_PER_HOUR = 12;
const ACCEPT_SHARE = 1 / 3;
const REVERT_SHARE = 0.004;
const SPREAD_BPS = 4;
/** Share of the volatile exposure the hedger offsets (coverage a little under 100 %). */
const HEDGE_RATIO = 0.97;

export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function pickPair(random: Random) {
  let r = random.next();
  for (const pair of PAIRS) {
    r -= pair.weight;
    if (r < 0) {
      return pair;
    }
  }
  return PAIRS[0];
}

/** What shapes one block's RFQs: the interval it settles and the windows the desk cannot quote in. */
export interface RfqWindow {
  /** The block's timestamp: its RFQs arrived in the interval before it. */
  end: number;
  intervalSec: number;
  outages: Scenario['outages'];
  staleFeed: Scenario['staleFeed'];
}

/** The desk's running book while it plans: what the maker and treasury hold and what fills traded. */
export interface PlanBook {
  inventory: Record<Asset, number>;
  treasury: Record<Asset, number>;
  /** Net units taken in through fills: the only flow that changes the book's exposure. */
  traded: Record<Asset, number>;
  /** The next RFQ's number. */
  counter: { next: number };
}

export function planRfqs(
  window: RfqWindow,
  prices: Prices,
  inventory: Record<Asset, number>,
  traded: Record<Asset, number>,
  random: Random,
  counter: { next: number }
): Rfq[] {
  const { end, intervalSec } = window;
  const start = end - intervalSec;
  const count = random.poisson((RFQS_PER_HOUR * intervalSec) / 3600);
  const rfqs: Rfq[] = [];
  for (let i = 0; i < count; i++) {
    const pair = pickPair(random);
    // Lean against the inventory: when the maker holds more of the base than it started with, takers
    // are made likelier to buy it (as a maker skews its quotes to attract balancing flow).
    const opening = OPENING_BALANCES.maker[pair.base];
    const skew = Math.max(-0.3, Math.min(0.3, (inventory[pair.base] - opening) / opening));
    const side: Rfq['side'] = random.next() < 0.5 + skew ? 'buy' : 'sell';
    const size = round(random.logNormal(pair.medianSize, 0.6), 6);
    // A minute before the block (half the interval when shorter), so the quote is signed before it.
    const receivedAtMs = (start + random.next() * (intervalSec - Math.min(60, intervalSec / 2))) * 1000;
    const rfq: Rfq = {
      id: `rfq-${String(counter.next++).padStart(6, '0')}`,
      base: pair.base,
      quote: pair.quote,
      side,
      size,
      receivedAtMs: Math.round(receivedAtMs),
      accepted: false,
      willRevert: false,
    };
    const outage = window.outages.find((o) => inWindow(o, receivedAtMs / 1000));
    if (outage && random.next() < outage.failShare) {
      rfq.error = 'quote endpoint timed out';
      rfqs.push(rfq);
      continue;
    }
    const responseMs = Math.max(5, Math.round(random.logNormal(120, 0.45)));
    // While a pair's feed is stale the desk does not price off it: a deliberate no-quote (answered,
    // without a price), so no fill settles in a block whose feed answer is stale (a block settles the
    // RFQs of the interval before it).
    const { staleFeed } = window;
    const noQuoteWindow = { from: staleFeed.from - intervalSec, to: staleFeed.to };
    const stalePair = pair.base === staleFeed.asset || pair.quote === staleFeed.asset;
    if (stalePair && inWindow(noQuoteWindow, receivedAtMs / 1000)) {
      rfq.quotedAtMs = rfq.receivedAtMs + responseMs;
      rfqs.push(rfq);
      continue;
    }
    const mid = prices[pair.base] / prices[pair.quote];
    const spread = (SPREAD_BPS + 2 * random.next()) / 1e4;
    rfq.quotedAtMs = rfq.receivedAtMs + responseMs;
    rfq.price = round(side === 'buy' ? mid * (1 + spread) : mid * (1 - spread), 6);
    // Quotes stay valid until just after the block that settles them.
    rfq.expiry = end + 120;
    const inventoryAllows = side === 'sell' || inventory[pair.base] > size * 2;
    if (inventoryAllows && random.next() < ACCEPT_SHARE) {
      rfq.accepted = true;
      rfq.taker = random.pick(TAKERS);
      rfq.willRevert = random.next() < REVERT_SHARE;
      if (!rfq.willRevert) {
        const quoteAmount = size * rfq.price;
        inventory[pair.base] += side === 'buy' ? -size : size;
        inventory[pair.quote] += side === 'buy' ? quoteAmount : -quoteAmount;
        traded[pair.base] += side === 'buy' ? -size : size;
      }
    }
    rfqs.push(rfq);
  }
  return rfqs.sort((a, b) => a.receivedAtMs - b.receivedAtMs);
}

/** Chance per 30-minute block that the ops desk tops up an asset off its opening level by over 3 %. */
export const TOP_UP_CHANCE_PER_30_MIN = 0.04;

export function planRebalances(
  inventory: Record<Asset, number>,
  treasury: Record<Asset, number>,
  random: Random,
  topUpChance = TOP_UP_CHANCE_PER_30_MIN
): Rebalance[] {
  // Keep each asset of the maker wallet near its opening level, from and to the treasury: always beyond
  // ±25 %, now and then beyond ±3 % (an ops desk tops up a few times a day). The treasury only sends
  // what it holds.
  const moves: Rebalance[] = [];
  for (const asset of Object.keys(inventory) as Asset[]) {
    const opening = OPENING_BALANCES.maker[asset];
    const deviation = (inventory[asset] - opening) / opening;
    if (Math.abs(deviation) > 0.25 || (Math.abs(deviation) > 0.03 && random.next() < topUpChance)) {
      const wanted = Math.abs(inventory[asset] - opening) * 0.8;
      const available = deviation > 0 ? wanted : Math.min(wanted, treasury[asset] * 0.9);
      const amount = round(available, asset === 'WBTC' ? 4 : 2);
      if (amount > 0) {
        const toTreasury = deviation > 0;
        moves.push(
          toTreasury
            ? { from: 'maker', to: 'treasury', asset, amount }
            : { from: 'treasury', to: 'maker', asset, amount }
        );
        inventory[asset] += toTreasury ? -amount : amount;
        treasury[asset] += toTreasury ? amount : -amount;
      }
    }
  }
  return moves;
}

export function planWorld(scenario: Scenario): WorldPlan {
  const random = seededRandom(scenario.seed);
  const prices = pricePath(scenario, random.fork('prices'));
  const fees = baseFeePath(scenario, random.fork('gas'));
  const rfqRandom = random.fork('rfqs');
  const opsRandom = random.fork('operations');
  const counter = { next: 1 };
  const inventory = { ...OPENING_BALANCES.maker };
  const treasury = { ...OPENING_BALANCES.treasury };
  // Net units taken in through fills: the only flow that changes the book's exposure (rebalances and
  // lending move holdings between places the market maker owns).
  const traded: Record<Asset, number> = { WETH: 0, WBTC: 0, USDC: 0, USDT: 0 };
  for (const action of OPENING_LENDING) {
    const sign = action.op === 'borrow' ? 1 : action.op === 'repay' ? -1 : -1;
    inventory[action.asset] += sign * action.amount;
  }
  const blocksPerDay = Math.round(86_400 / scenario.intervalSec);
  const blocks: PlannedBlock[] = [];
  const feeds = feedAnswers(scenario, prices);
  for (let index = 0; index < scenario.blocks; index++) {
    const window = { ...scenario, end: blockTime(scenario, index) };
    const rfqs = index === 0 ? [] : planRfqs(window, prices[index], inventory, traded, rfqRandom, counter);
    const lending: LendingAction[] = index === 0 ? [...OPENING_LENDING] : [];
    // Weekly: repay part of the Aave loan, and borrow it again three days later.
    if (index > 0 && index % (7 * blocksPerDay) === 0) {
      lending.push({ venue: 'aave', op: 'repay', asset: 'USDC', amount: 100_000 });
      inventory.USDC -= 100_000;
    }
    if (index > 7 * blocksPerDay && (index - 3 * blocksPerDay) % (7 * blocksPerDay) === 0) {
      lending.push({ venue: 'aave', op: 'borrow', asset: 'USDC', amount: 100_000 });
      inventory.USDC += 100_000;
    }
    // About two flash loans a day, sized like a large fill.
    const flashLoans: FlashLoan[] =
      index > 0 && opsRandom.next() < 2 / blocksPerDay
        ? [{ asset: 'USDC', amount: round(opsRandom.logNormal(150_000, 0.4), 0) }]
        : [];
    const rebalances = index === 0 ? [] : planRebalances(inventory, treasury, opsRandom);
    const { flows, venueDeposits } = planTreasuryMoves(scenario, index, treasury);
    blocks.push({
      index,
      timestamp: blockTime(scenario, index),
      baseFeePerGas: fees[index],
      prices: prices[index],
      rfqs,
      lending,
      flashLoans,
      rebalances,
      hedge: hedgeTargets(traded),
      feeds: feeds[index],
      flows,
      venueDeposits,
    });
  }
  return { scenario, blocks, book: { inventory, treasury, traded, counter } };
}

/** Offset the exposure the fills added to the book's opening (neutral) holdings, wherever they sit. */
export function hedgeTargets(traded: Record<Asset, number>): HedgeTargets {
  return {
    WETH: round(-HEDGE_RATIO * traded.WETH, 4),
    WBTC: round(-HEDGE_RATIO * traded.WBTC, 6),
  };
}

/** Whether the block at `index` is the first at or after `time`. */
function firstBlockAt(scenario: Scenario, index: number, time: number): boolean {
  const at = blockTime(scenario, index);
  return at >= time && at - scenario.intervalSec < time;
}

/**
 * The treasury's moves across the portfolio's edge and to the hedge venue: the venue's opening margin
 * in block 0, a top-up mid-month, a capital deposit from outside and a profit withdrawal to outside.
 * Planned after the block's rebalances (and sent after them, in the treasury's nonce order), so a
 * withdrawal never counts on what a rebalance took, and a deposit is only spent from the next block.
 */
function planTreasuryMoves(
  scenario: Scenario,
  index: number,
  treasury: Record<Asset, number>
): { flows: ExternalFlow[]; venueDeposits: VenueDeposit[] } {
  const flows: ExternalFlow[] = [];
  const venueDeposits: VenueDeposit[] = [];
  if (index === 0) {
    venueDeposits.push({ from: 'treasury', asset: 'USDC', amount: HEDGE_OPENING_MARGIN });
  } else if (firstBlockAt(scenario, index, scenario.marginTopUp)) {
    venueDeposits.push({
      from: 'treasury',
      asset: 'USDC',
      amount: Math.min(MARGIN_TOP_UP, round(treasury.USDC * 0.5, 2)),
    });
  }
  for (const deposit of venueDeposits) {
    treasury[deposit.asset] -= deposit.amount;
  }
  if (index > 0 && firstBlockAt(scenario, index, scenario.profitWithdrawal)) {
    const { asset, amount } = PROFIT_WITHDRAWAL;
    const out = Math.min(amount, round(treasury[asset] * 0.5, 2));
    flows.push({ direction: 'out', wallet: 'treasury', asset, amount: out });
    treasury[asset] -= out;
  }
  if (index > 0 && firstBlockAt(scenario, index, scenario.capitalDeposit)) {
    flows.push({ direction: 'in', wallet: 'treasury', ...CAPITAL_DEPOSIT });
    treasury[CAPITAL_DEPOSIT.asset] += CAPITAL_DEPOSIT.amount;
  }
  return { flows, venueDeposits };
}

/**
 * Every feed's answer after each block: the block's market price, except for the stale feed inside
 * its window, which keeps the answer (and time) of its last post before it.
 */
function feedAnswers(scenario: Scenario, prices: readonly Prices[]): Array<Record<Asset, FeedAnswer>> {
  const answers: Array<Record<Asset, FeedAnswer>> = [];
  prices.forEach((blockPrices, index) => {
    const timestamp = blockTime(scenario, index);
    const previous = answers[index - 1];
    const answer = Object.fromEntries(
      (Object.keys(blockPrices) as Asset[]).map((asset) => {
        const stale = previous && asset === scenario.staleFeed.asset && inWindow(scenario.staleFeed, timestamp);
        return [asset, stale ? previous[asset] : { price: blockPrices[asset], updatedAt: timestamp }];
      })
    ) as Record<Asset, FeedAnswer>;
    answers.push(answer);
  });
  return answers;
}
