/**
 * Revision 2's total PnL of one block, from the state before it to the state after it:
 *   value = navChange − externalFlows = spread + inventoryMtm + hedgePnl + interest + gas + flashLoanFees + residual
 * - spread: what the fills received − what they gave, at the block's prices;
 * - inventoryMtm: the holdings before the block (wallet tokens and native ETH, supplied, borrowed) × the
 *   price change over the block;
 * - hedgePnl: the venue account's equity change less the deposits it credited (at the block's price);
 * - interest: − borrow interest accrued over the block (nothing is earned: see pnl.ts), at the block's price;
 * - gas: − the wallets' gas (sent by the maker and treasury) at the block's ETH price;
 * - flashLoanFees: − premiums, paid from the flash-loan receiver's balance;
 * - external flows: capital in (+) and profit out (−) at the block's prices. A wallet's transfer to the
 *   hedge venue's deposit address leaves the wallets and enters the venue's equity: no part at all.
 * Every block is read, so the residual is what floating point and the protocols' integer rounding leave.
 * Each part is also attributed to one asset (token_pnl).
 */
import { ASSETS, type Asset } from '../../../sim/scenario';
import type { LedgerView } from '../ledgerView';
import { hedgeEntries, txAssets } from '../pnl';
import { sum } from '../stats';
import { toAmount } from '../units';
import type { Revision2Config } from './config';
import { hedgeEquity, navOf, onchainUnits, type Portfolio, type PortfolioState } from './portfolio';
import type { ValuationBook } from './prices';
import type { WorldRecord } from '../../record';

export const PART_IDS = [
  'spreadUsd',
  'inventoryMtmUsd',
  'hedgePnlUsd',
  'interestUsd',
  'gasUsd',
  'flashLoanFeesUsd',
] as const;
export type PartId = (typeof PART_IDS)[number];
export type Parts = Record<PartId, number>;

export interface BlockPnl {
  navChangeUsd: number;
  externalFlowsUsd: number;
  parts: Parts;
  /** Each part's USD attributed to an asset; Σ over assets = Σ parts. */
  byAsset: Record<Asset, number>;
}

interface PnlInputs {
  record: WorldRecord;
  config: Revision2Config;
  prices: ValuationBook;
  base: LedgerView;
  portfolio: Portfolio;
}

const WEI_PER_ETH = 1e18;

export function zeroParts(): Parts {
  return Object.fromEntries(PART_IDS.map((id) => [id, 0])) as Parts;
}

/** Net external flows of a block in USD at its prices: + capital in, − profit out. */
export function externalFlowsUsd(view: Pick<PnlInputs, 'record' | 'prices'>, position: number): number {
  const prices = view.prices.blocks[position];
  return sum(
    view.record.blocks[position].flows.map(
      (flow) => (flow.direction === 'in' ? 1 : -1) * flow.amount * prices[flow.asset]
    )
  );
}

export function blockPnl(view: PnlInputs, position: number): BlockPnl {
  const { record, config, base } = view;
  const block = record.blocks[position];
  const before: PortfolioState = position === 0 ? view.portfolio.opening : view.portfolio.blocks[position - 1];
  const after = view.portfolio.blocks[position];
  const p = after.prices;
  const eth = config.base.ethPriceAsset;
  const margin = config.base.hedgeMarginAsset;
  const parts = zeroParts();
  const byAsset = Object.fromEntries(ASSETS.map((a) => [a, 0])) as Record<Asset, number>;
  const add = (part: PartId, asset: Asset, usd: number) => {
    parts[part] += usd;
    byAsset[asset] += usd;
  };

  for (const fill of base.fills) {
    if (fill.block === position) {
      add('spreadUsd', fill.rfq.base, fill.spreadUsd);
    }
  }
  for (const asset of ASSETS) {
    add('inventoryMtmUsd', asset, onchainUnits(before, asset) * (p[asset] - before.prices[asset]));
  }
  add('inventoryMtmUsd', eth, before.nativeEth * (p[eth] - before.prices[eth]));

  // Hedge: each perp's PnL over the block (size held × mark change: trades fill at the mark) and its share
  // of fees and funding; what is left of the equity change (the margin's revaluation) goes to the margin asset.
  const deposits = sum(block.venueDeposits.map((d) => d.amount * p[d.asset]));
  const hedgePnl = hedgeEquity(after, margin) - hedgeEquity(before, margin) - deposits;
  let perpsPnl = 0;
  if (before.hedge && after.hedge) {
    for (const asset of ASSETS) {
      const pnl = before.hedge.perps[asset] * (after.hedge.marks[asset] - before.hedge.marks[asset]);
      add('hedgePnlUsd', asset, pnl);
      perpsPnl += pnl;
    }
  }
  for (const entry of hedgeEntries(record.hedge[position], record.hedge[position - 1])) {
    add('hedgePnlUsd', entry.asset, entry.usd);
    perpsPnl += entry.usd;
  }
  add('hedgePnlUsd', margin, hedgePnl - perpsPnl);

  const h = base.holdings[position];
  for (const asset of ASSETS) {
    const accrued = h.interestAccrued.aave[asset] + h.interestAccrued.comet[asset];
    if (accrued !== 0n) {
      add('interestUsd', asset, -toAmount(accrued, asset) * p[asset]);
    }
  }
  const moved = txAssets(record);
  for (const tx of record.txs) {
    if (tx.blockNumber === block.number && config.walletRoles.includes(tx.role)) {
      const usd = (Number(tx.gasUsed * tx.effectiveGasPrice) / WEI_PER_ETH) * p[eth];
      add('gasUsd', moved.get(tx.hash) ?? eth, -usd);
    }
  }
  for (const loan of block.flashLoans) {
    add('flashLoanFeesUsd', loan.asset, -toAmount(loan.premium, loan.asset) * p[loan.asset]);
  }
  return {
    navChangeUsd: navOf(after, config) - navOf(before, config),
    externalFlowsUsd: externalFlowsUsd(view, position),
    parts,
    byAsset,
  };
}
