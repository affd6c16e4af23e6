/**
 * The market maker's exact holdings after every simulated block, replayed from the ledger: wallet
 * balances (opening balances + lending flows + fills + rebalances + venue deposits + external flows), Aave supply and debt, Comet
 * collateral and borrow, and the hedge venue's account. Native ETH (gas money) is not inventory and is
 * left out; so is the flash-loan receiver's premium fund (a contract, not a wallet).
 */
import { PmmError } from '../../../../src/core/errors';
import type { BlockRecord, RfqRecord, WorldRecord } from '../record';
import type { Prices } from '../../sim/market';
import { ASSETS, type Asset } from '../../sim/scenario';
import { LendingBook, zero, type AssetUnits } from './lendingBook';
import type { PriceBook } from './prices';
import type { KpiConfig, Wallet } from './types';
import { toUnits } from './units';

export type { AssetUnits };

export interface HedgeAccount {
  /** The venue's USDC balance (opening margin + realized PnL − fees + funding). */
  margin: number;
  /** Perp size per asset in the asset's units (negative = short); 0 for unhedged assets. */
  perps: Record<Asset, number>;
  unrealizedPnl: number;
}

export interface BlockHoldings {
  index: number;
  timestamp: number;
  prices: Prices;
  wallets: Record<Wallet, AssetUnits>;
  aaveSupplied: AssetUnits;
  aaveDebt: AssetUnits;
  cometCollateral: AssetUnits;
  cometBorrow: AssetUnits;
  hedge: HedgeAccount;
  /** Borrow interest accrued since the previous block: debt now − debt then − net borrowed in this block. */
  interestAccrued: { aave: AssetUnits; comet: AssetUnits };
}

const SOURCE = 'expected KPIs';

function openingWallets(config: KpiConfig): Record<Wallet, AssetUnits> {
  const of = (wallet: Wallet) =>
    Object.fromEntries(ASSETS.map((a) => [a, toUnits(config.openingBalances[wallet][a], a)])) as AssetUnits;
  return { maker: of('maker'), treasury: of('treasury') };
}

/** The successful fills of each block number: only they moved tokens. */
function fillsByBlock(rfqs: readonly RfqRecord[]): Map<bigint, RfqRecord[]> {
  const byBlock = new Map<bigint, RfqRecord[]>();
  for (const rfq of rfqs) {
    if (rfq.settled !== 'success' || rfq.blockNumber === undefined) {
      continue;
    }
    const list = byBlock.get(rfq.blockNumber) ?? [];
    list.push(rfq);
    byBlock.set(rfq.blockNumber, list);
  }
  return byBlock;
}

function applyFill(maker: AssetUnits, rfq: RfqRecord): void {
  if (rfq.makingAmount === undefined || rfq.takingAmount === undefined) {
    throw new PmmError(SOURCE, `fill ${rfq.id} has no order amounts`, { fix: 'the simulator records them' });
  }
  // side is the taker's: on "buy" the maker gives base and takes quote.
  const [given, received] = rfq.side === 'buy' ? [rfq.base, rfq.quote] : [rfq.quote, rfq.base];
  maker[given] -= rfq.makingAmount;
  maker[received] += rfq.takingAmount;
}

function hedgeAccount(record: WorldRecord, block: BlockRecord): HedgeAccount {
  const state = record.hedge[block.index];
  if (!state || state.timestamp !== block.timestamp) {
    throw new PmmError(SOURCE, `no hedge state for block ${block.index}`, {
      fix: 'record.hedge is one state per block',
    });
  }
  const perps: Record<Asset, number> = { WETH: 0, WBTC: 0, USDC: 0, USDT: 0 };
  for (const position of state.positions) {
    perps[position.asset] = position.size;
  }
  const unrealizedPnl = state.positions.reduce((total, p) => total + p.unrealizedPnl, 0);
  return { margin: state.marginBalance, perps, unrealizedPnl };
}

function minus(a: AssetUnits, b: AssetUnits, c: AssetUnits): AssetUnits {
  return Object.fromEntries(ASSETS.map((asset) => [asset, a[asset] - b[asset] - c[asset]])) as AssetUnits;
}

export function replayHoldings(record: WorldRecord, config: KpiConfig, prices: PriceBook): BlockHoldings[] {
  const wallets = openingWallets(config);
  const book = new LendingBook(config);
  const fills = fillsByBlock(record.rfqs);
  let previousDebts = { aave: zero(), comet: zero() };
  const holdings: BlockHoldings[] = [];
  // Within a block the simulator's order is lending, fills, flash loans, rebalances, venue deposits and
  // external flows, all at one timestamp.
  record.blocks.forEach((block, position) => {
    const t = block.timestamp;
    for (const action of block.lending) {
      wallets.maker[action.asset] += book.apply(t, action);
    }
    for (const rfq of fills.get(block.number) ?? []) {
      applyFill(wallets.maker, rfq);
    }
    for (const loan of block.flashLoans) {
      book.flashLoan(t, loan.asset, loan.premium);
    }
    for (const move of block.rebalances) {
      const amount = toUnits(move.amount, move.asset);
      wallets[move.from][move.asset] -= amount;
      wallets[move.to][move.asset] += amount;
    }
    // Margin sent to the hedge venue's deposit address leaves the wallet; the venue's state credits it.
    for (const deposit of block.venueDeposits) {
      wallets[deposit.from][deposit.asset] -= toUnits(deposit.amount, deposit.asset);
    }
    for (const flow of block.flows) {
      const amount = toUnits(flow.amount, flow.asset);
      wallets[flow.wallet][flow.asset] += flow.direction === 'in' ? amount : -amount;
    }
    const debts = book.debts(t);
    const flows = book.takeFlows();
    holdings.push({
      index: block.index,
      timestamp: t,
      prices: prices.blocks[position],
      wallets: { maker: { ...wallets.maker }, treasury: { ...wallets.treasury } },
      aaveSupplied: { ...book.aaveSupplied },
      aaveDebt: debts.aave,
      cometCollateral: { ...book.cometCollateral },
      cometBorrow: debts.comet,
      hedge: hedgeAccount(record, block),
      interestAccrued: {
        aave: minus(debts.aave, previousDebts.aave, flows.aave),
        comet: minus(debts.comet, previousDebts.comet, flows.comet),
      },
    });
    previousDebts = debts;
  });
  return holdings;
}
