/**
 * Tiny hand-built ledgers for the tests: a few blocks, RFQs and transactions with round numbers, so
 * every expected value can be written as arithmetic in the test. Not used outside tests.
 */
import type { Hash } from 'viem';

import { WorldRecord, type BlockRecord, type RfqRecord, type TxKind, type TxRecord } from '../record';
import type { HedgeState } from '../../sim/hedge';
import type { Prices } from '../../sim/market';
import type { Role } from '../../chain/clients';
import type { ExternalFlow, FeedAnswer, LendingAction, PlannedBlock, Rebalance, VenueDeposit } from '../../sim/plan';
import type { Asset, Scenario } from '../../sim/scenario';
import { DEMO_KPI_CONFIG } from './config';
import type { KpiConfig } from './types';
import { toUnits } from './units';

export const T0 = 1_700_000_000;
export const DAY = 86_400;
export const GWEI = 1_000_000_000n;
const FIRST_NUMBER = 100n;

const DEFAULT_PRICES: Prices = { WETH: 1000, WBTC: 20_000, USDC: 1, USDT: 1 };
export const NONE: Record<Asset, number> = { WETH: 0, WBTC: 0, USDC: 0, USDT: 0 };

/** Round opening balances and neutral levels, and a 1,000,000 USDC Aave reserve. */
export const TEST_CONFIG: KpiConfig = {
  ...DEMO_KPI_CONFIG,
  openingBalances: { maker: { ...NONE, WETH: 10, USDC: 10_000 }, treasury: { ...NONE } },
  neutralUnits: { WETH: 8 },
  // WBTC and USDT have no target (0), so inventory_level leaves them out.
  inventoryTargetsUsd: { WETH: 10_000, WBTC: 0, USDC: 10_000, USDT: 0 },
  aave: {
    ...DEMO_KPI_CONFIG.aave,
    reserves: { USDC: { seed: 1_000_000, variableSlope1Bps: 400, optimalUsageBps: 9000 } },
  },
};

export function hash(label: string, n: number): Hash {
  const hex = Buffer.from(`${label}:${n}`).toString('hex').padEnd(64, '0').slice(0, 64);
  return `0x${hex}`;
}

export interface BlockSpec {
  /** Unix seconds. */
  timestamp: number;
  prices?: Partial<Prices>;
  baseFeeGwei?: number;
  lending?: LendingAction[];
  flashLoans?: Array<{ asset: Asset; amount: number; premium: bigint }>;
  rebalances?: Rebalance[];
  hedge?: Partial<Omit<HedgeState, 'timestamp'>>;
  /** The feeds' answers where they differ from the block's prices (a stale feed); the rest posted now. */
  feeds?: Partial<Record<Asset, FeedAnswer>>;
  flows?: ExternalFlow[];
  venueDeposits?: VenueDeposit[];
}

export function blockNumber(position: number): bigint {
  return FIRST_NUMBER + BigInt(position);
}

function hedgeState(spec: BlockSpec): HedgeState {
  return {
    timestamp: spec.timestamp,
    positions: [],
    marginBalance: 0,
    deposits: 0,
    depositsThisBlock: 0,
    realizedPnl: 0,
    feesPaid: 0,
    fundingNet: 0,
    feesThisBlock: 0,
    fundingThisBlock: 0,
    tradedNotionalThisBlock: 0,
    ...spec.hedge,
  };
}

export function buildRecord(
  specs: readonly BlockSpec[],
  rfqs: readonly RfqRecord[] = [],
  txs: readonly TxRecord[] = []
) {
  const planned: PlannedBlock[] = specs.map((spec, index) => {
    const prices = { ...DEFAULT_PRICES, ...spec.prices };
    const posted = Object.fromEntries(
      (Object.keys(prices) as Asset[]).map((a) => [a, { price: prices[a], updatedAt: spec.timestamp }])
    ) as Record<Asset, FeedAnswer>;
    return {
      index,
      timestamp: spec.timestamp,
      baseFeePerGas: BigInt(Math.round((spec.baseFeeGwei ?? 10) * 1e9)),
      prices,
      rfqs: [],
      lending: spec.lending ?? [],
      flashLoans: (spec.flashLoans ?? []).map(({ asset, amount }) => ({ asset, amount })),
      rebalances: spec.rebalances ?? [],
      hedge: { WETH: 0, WBTC: 0 },
      feeds: { ...posted, ...spec.feeds },
      flows: spec.flows ?? [],
      venueDeposits: spec.venueDeposits ?? [],
    };
  });
  const last = specs[specs.length - 1]?.timestamp ?? T0;
  const scenario: Scenario = {
    seed: 1,
    days: 1,
    intervalSec: 1800,
    endTime: last,
    blocks: specs.length,
    startTime: specs[0]?.timestamp ?? T0,
    stress: { from: 0, to: 0 },
    gasSpike: { from: 0, to: 0 },
    outages: [],
    staleFeed: { asset: 'WETH', from: 0, to: 0 },
    capitalDeposit: 0,
    profitWithdrawal: 0,
    marginTopUp: 0,
  };
  const record = new WorldRecord({ scenario, blocks: planned }, specs.map(hedgeState));
  specs.forEach((spec, i) => {
    const block: BlockRecord = {
      index: i,
      number: blockNumber(i),
      hash: hash('block', i),
      timestamp: spec.timestamp,
      baseFeePerGas: planned[i].baseFeePerGas,
      planned: planned[i],
      lending: planned[i].lending.map((action, j) => ({ ...action, txHash: hash(`lending${i}`, j) })),
      flashLoans: (spec.flashLoans ?? []).map((loan, j) => ({ ...loan, txHash: hash(`flash${i}`, j) })),
      rebalances: planned[i].rebalances.map((move, j) => ({ ...move, txHash: hash(`rebalance${i}`, j) })),
      flows: planned[i].flows.map((flow, j) => ({ ...flow, txHash: hash(`flow${i}`, j) })),
      venueDeposits: planned[i].venueDeposits.map((d, j) => ({ ...d, txHash: hash(`venueDeposit${i}`, j) })),
    };
    record.blocks.push(block);
  });
  record.rfqs.push(...rfqs);
  record.txs.push(...txs);
  return record;
}

let rfqCounter = 0;

/** An RFQ received at `receivedAtMs`; quoted `responseMs` later unless it failed. */
export function rfq(receivedAtMs: number, options: { responseMs?: number; error?: string } = {}): RfqRecord {
  const id = `rfq-${String(++rfqCounter).padStart(6, '0')}`;
  const base: RfqRecord = {
    id,
    base: 'WETH',
    quote: 'USDC',
    side: 'buy',
    size: 1,
    receivedAtMs,
    accepted: false,
    willRevert: false,
  };
  if (options.error !== undefined) {
    return { ...base, error: options.error };
  }
  return {
    ...base,
    quotedAtMs: receivedAtMs + (options.responseMs ?? 100),
    price: 1000,
    expiry: receivedAtMs / 1000 + 120,
  };
}

/** An accepted quote settled in the block at `position`, with the order's exact amounts. */
export function settled(
  quote: RfqRecord,
  position: number,
  trade: { side: 'buy' | 'sell'; size: number; price: number; outcome?: 'success' | 'reverted' }
): RfqRecord {
  const quoteAmount = trade.size * trade.price;
  const makerGivesBase = trade.side === 'buy';
  return {
    ...quote,
    side: trade.side,
    size: trade.size,
    price: trade.price,
    accepted: true,
    willRevert: trade.outcome === 'reverted',
    settled: trade.outcome ?? 'success',
    blockNumber: blockNumber(position),
    txHash: hash(`fill-${quote.id}`, position),
    makingAmount: makerGivesBase ? toUnits(trade.size, quote.base) : toUnits(quoteAmount, quote.quote),
    takingAmount: makerGivesBase ? toUnits(quoteAmount, quote.quote) : toUnits(trade.size, quote.base),
  };
}

let txCounter = 0;

/** Who sends each kind of transaction in the simulator. */
const SENDER: Record<TxKind, Role> = {
  setup: 'deployer',
  feed: 'deployer',
  fill: 'taker1',
  lending: 'maker',
  flashloan: 'maker',
  rebalance: 'maker',
  deposit: 'investor',
  withdrawal: 'treasury',
  venueDeposit: 'treasury',
};

export function tx(
  kind: TxKind,
  position: number,
  options: { gasUsed?: bigint; gasPriceGwei?: bigint; status?: 'success' | 'reverted'; hash?: Hash; role?: Role } = {}
): TxRecord {
  return {
    hash: options.hash ?? hash(`tx-${kind}-${position}`, ++txCounter),
    kind,
    role: options.role ?? SENDER[kind],
    from: '0x0000000000000000000000000000000000000001',
    blockNumber: blockNumber(position),
    status: options.status ?? 'success',
    gasUsed: options.gasUsed ?? 100_000n,
    effectiveGasPrice: (options.gasPriceGwei ?? 10n) * GWEI,
  };
}
