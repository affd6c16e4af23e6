/**
 * Revenue and expenses as the framework counts them, as signed USD entries per block (revenue
 * positive, expenses negative), each attributed to one asset for token_pnl:
 * - spread on fills (to the pair's base asset, the asset traded);
 * - interest earned: none in the demo — the maker supplies only WETH to Aave, which nobody borrows, and
 *   posts only collateral to Comet, which earns nothing — so no entry is ever made;
 * - gas of the wallets' own transactions (gasUsed × effectiveGasPrice at the block's ETH price), to the
 *   asset the transaction moved;
 * - borrow interest accrued since the previous block, at this block's price of the borrowed asset;
 * - flash-loan premiums, to the loan's asset;
 * - hedge fees and funding of the block (funding received is positive), split across assets: fees in
 *   proportion to each asset's traded notional |Δsize| × mark, funding in proportion to the signed
 *   notional held through the interval (size before the trade × mark), which is exact for a venue
 *   charging every asset the same rates.
 */
import type { HedgeState } from '../../sim/hedge';
import type { WorldRecord } from '../record';
import { ASSETS, type Asset } from '../../sim/scenario';
import type { Fill } from './fills';
import type { BlockHoldings } from './holdings';
import type { KpiConfig } from './types';
import { toAmount } from './units';

export const PNL_KINDS = [
  'spread',
  'interestEarned',
  'gas',
  'borrowInterest',
  'flashLoanPremium',
  'hedgeFee',
  'hedgeFunding',
] as const;
export type PnlKind = (typeof PNL_KINDS)[number];
export const REVENUE_KINDS: readonly PnlKind[] = ['spread', 'interestEarned'];

export interface PnlEntry {
  kind: PnlKind;
  asset: Asset;
  usd: number;
}

const WEI_PER_ETH = 1e18;

/** The asset each wallet transaction moved, from the block's lending, flash-loan and rebalance records. */
export function txAssets(record: WorldRecord): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const block of record.blocks) {
    for (const action of [
      ...block.lending,
      ...block.flashLoans,
      ...block.rebalances,
      ...block.flows,
      ...block.venueDeposits,
    ]) {
      assets.set(action.txHash, action.asset);
    }
  }
  return assets;
}

function sizes(state: HedgeState | undefined): Partial<Record<Asset, number>> {
  return Object.fromEntries((state?.positions ?? []).map((p) => [p.asset, p.size]));
}

/** The hedge venue's fees and funding of one state, split across its assets (see above). */
export function hedgeEntries(state: HedgeState, previous: HedgeState | undefined): PnlEntry[] {
  const before = sizes(previous);
  const traded = state.positions.map((p) => Math.abs(p.size - (before[p.asset] ?? 0)) * p.markPrice);
  const held = state.positions.map((p) => (before[p.asset] ?? 0) * p.markPrice);
  const totalTraded = traded.reduce((a, b) => a + b, 0);
  const totalHeld = held.reduce((a, b) => a + b, 0);
  const entries: PnlEntry[] = [];
  state.positions.forEach((p, i) => {
    if (totalTraded !== 0) {
      entries.push({ kind: 'hedgeFee', asset: p.asset, usd: (-state.feesThisBlock * traded[i]) / totalTraded });
    }
    if (totalHeld !== 0) {
      entries.push({ kind: 'hedgeFunding', asset: p.asset, usd: (state.fundingThisBlock * held[i]) / totalHeld });
    }
  });
  return entries;
}

export function pnlByBlock(
  record: WorldRecord,
  holdings: readonly BlockHoldings[],
  fills: readonly Fill[],
  config: KpiConfig
): PnlEntry[][] {
  const entries: PnlEntry[][] = record.blocks.map(() => []);
  const positions = new Map(record.blocks.map((block, i) => [block.number, i]));
  for (const fill of fills) {
    entries[fill.block].push({ kind: 'spread', asset: fill.rfq.base, usd: fill.spreadUsd });
  }
  const assetOfTx = txAssets(record);
  for (const tx of record.txs) {
    const block = positions.get(tx.blockNumber);
    if (block === undefined || !config.walletTxKinds.includes(tx.kind)) {
      continue;
    }
    const eth = Number(tx.gasUsed * tx.effectiveGasPrice) / WEI_PER_ETH;
    const usd = eth * holdings[block].prices[config.ethPriceAsset];
    entries[block].push({ kind: 'gas', asset: assetOfTx.get(tx.hash) ?? config.ethPriceAsset, usd: -usd });
  }
  record.blocks.forEach((block, i) => {
    const h = holdings[i];
    for (const asset of ASSETS) {
      const interest = h.interestAccrued.aave[asset] + h.interestAccrued.comet[asset];
      if (interest !== 0n) {
        entries[i].push({ kind: 'borrowInterest', asset, usd: -toAmount(interest, asset) * h.prices[asset] });
      }
    }
    for (const loan of block.flashLoans) {
      const usd = toAmount(loan.premium, loan.asset) * h.prices[loan.asset];
      entries[i].push({ kind: 'flashLoanPremium', asset: loan.asset, usd: -usd });
    }
    entries[i].push(...hedgeEntries(record.hedge[block.index], record.hedge[block.index - 1]));
  });
  return entries;
}
