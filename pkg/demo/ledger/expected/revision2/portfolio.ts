/**
 * The portfolio as revision 2 reads it, after every block and before the first: the wallets' tokens
 * (maker, treasury and the flash-loan receiver), their native ETH (the gas float less the gas they
 * paid), lending positions, and the hedge venue's account. Built on revision 1's replay (holdings.ts),
 * valued at revision 2's prices.
 */
import type { Prices } from '../../../sim/market';
import { ASSETS, type Asset } from '../../../sim/scenario';
import type { WorldRecord } from '../../record';
import type { BlockHoldings } from '../holdings';
import type { PriceBook } from '../prices';
import { sum } from '../stats';
import { toAmount } from '../units';
import type { Revision2Config } from './config';

export type Units = Record<Asset, number>;

export interface HedgeAccountState {
  /** The venue's USDC balance: deposits + realized PnL − fees + funding. */
  margin: number;
  perps: Units;
  marks: Units;
  unrealized: Units;
}

export interface PortfolioState {
  timestamp: number;
  prices: Prices;
  /** Tokens in the wallets (maker, treasury, flash-loan receiver), in whole units. */
  wallets: Units;
  supplied: Units;
  borrowed: Units;
  /** The wallets' native ETH. */
  nativeEth: number;
  /** Undefined before the venue account holds anything (before block 0). */
  hedge?: HedgeAccountState;
}

export interface Portfolio {
  /** The last set-up block: opening balances, the gas float, no lending, no venue account yet. */
  opening: PortfolioState;
  /** Aligned with record.blocks. */
  blocks: PortfolioState[];
}

const WEI_PER_ETH = 1e18;

function units(of: (asset: Asset) => number): Units {
  return Object.fromEntries(ASSETS.map((a) => [a, of(a)])) as Units;
}

function hedgeState(record: WorldRecord, h: BlockHoldings, index: number): HedgeAccountState {
  const state = record.hedge[index];
  const marks = units(() => 0);
  const unrealized = units(() => 0);
  for (const position of state.positions) {
    marks[position.asset] = position.markPrice;
    unrealized[position.asset] = position.unrealizedPnl;
  }
  return { margin: h.hedge.margin, perps: { ...h.hedge.perps }, marks, unrealized };
}

export function replayPortfolio(
  record: WorldRecord,
  config: Revision2Config,
  book: PriceBook,
  holdings: readonly BlockHoldings[]
): Portfolio {
  const opening = config.base.openingBalances;
  const receiver = units((a) => config.receiverOpening[a] ?? 0);
  const gasWei = new Map<bigint, bigint>();
  for (const tx of record.txs) {
    if (config.walletRoles.includes(tx.role)) {
      gasWei.set(tx.blockNumber, (gasWei.get(tx.blockNumber) ?? 0n) + tx.gasUsed * tx.effectiveGasPrice);
    }
  }
  let nativeWei = BigInt(Math.round((config.gasFloatEth.maker + config.gasFloatEth.treasury) * 1e6)) * 10n ** 12n;
  const first = record.blocks[0];
  const openingState: PortfolioState = {
    timestamp: book.opening?.fromSec ?? (first ? first.timestamp - record.plan.scenario.intervalSec : 0),
    prices: book.opening?.prices ?? book.blocks[0],
    wallets: units((a) => opening.maker[a] + opening.treasury[a] + receiver[a]),
    supplied: units(() => 0),
    borrowed: units(() => 0),
    nativeEth: Number(nativeWei) / WEI_PER_ETH,
  };
  const blocks = record.blocks.map((block, i): PortfolioState => {
    const h = holdings[i];
    for (const loan of block.flashLoans) {
      receiver[loan.asset] -= toAmount(loan.premium, loan.asset);
    }
    nativeWei -= gasWei.get(block.number) ?? 0n;
    return {
      timestamp: block.timestamp,
      prices: book.blocks[i],
      wallets: units((a) => toAmount(h.wallets.maker[a] + h.wallets.treasury[a], a) + receiver[a]),
      supplied: units((a) => toAmount(h.aaveSupplied[a] + h.cometCollateral[a], a)),
      borrowed: units((a) => toAmount(h.aaveDebt[a] + h.cometBorrow[a], a)),
      nativeEth: Number(nativeWei) / WEI_PER_ETH,
      hedge: hedgeState(record, h, i),
    };
  });
  return { opening: openingState, blocks };
}

/** On-chain net units: wallets + supplied − borrowed. */
export function onchainUnits(s: PortfolioState, asset: Asset): number {
  return s.wallets[asset] + s.supplied[asset] - s.borrowed[asset];
}

/** Wallets (native ETH included) + supplied − borrowed, in USD. */
export function onchainValue(s: PortfolioState, ethAsset: Asset): number {
  return sum(ASSETS.map((a) => onchainUnits(s, a) * s.prices[a])) + s.nativeEth * s.prices[ethAsset];
}

/** The hedge account's equity: its USDC balance at the USDC price plus the positions' unrealized PnL. */
export function hedgeEquity(s: PortfolioState, marginAsset: Asset): number {
  if (!s.hedge) {
    return 0;
  }
  return s.hedge.margin * s.prices[marginAsset] + sum(Object.values(s.hedge.unrealized));
}

/** NAV: everything in the portfolio (wallet tokens and native ETH, supplied, venue equity) − debt. */
export function navOf(s: PortfolioState, config: Revision2Config): number {
  return onchainValue(s, config.base.ethPriceAsset) + hedgeEquity(s, config.base.hedgeMarginAsset);
}

/**
 * Net exposure in an asset's units, as net delta reads it: long (wallets + supplied + hedge longs) −
 * short (borrowed + hedge shorts), plus what the venue holds of it (its margin, for USDC). Native ETH is
 * the gas float, its own NAV line, not WETH inventory.
 */
export function netExposureUnits(s: PortfolioState, asset: Asset, config: Revision2Config): number {
  const venue = s.hedge && asset === config.base.hedgeMarginAsset ? s.hedge.margin : 0;
  return onchainUnits(s, asset) + (s.hedge?.perps[asset] ?? 0) + venue;
}
