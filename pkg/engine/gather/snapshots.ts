/**
 * The market maker's holdings at one block: wallet balances (the flash-loan receiver's tokens too: it
 * is a wallet of the portfolio) and the wallets' native ETH, Aave supply and debt (and its account
 * data, for the liquidation buffer), Comet collateral and borrow, feed prices, and the hedge venue's
 * state at the block's time. Cached by block hash: state at a block never changes, and a reorg gives
 * the block a new hash.
 */
import type { Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import { mapLimited } from '../concurrency/mapLimited';
import type { AssetHoldings, LendingPosition, Snapshot } from '../model';
import {
  getAaveAccountData,
  getAavePositions,
  getBalances,
  getCometPositions,
  getNativeBalances,
} from '../sources/chain';
import type { GatherContext } from './context';
import { hedgeAt, type HedgeStates } from './offchainParts';
import type { BlockRef, PricesAt } from './prices';
import { gasPriceAsset } from './sourcesConfig';
import type { Venues } from './venues';

interface ChainHoldings {
  holdings: Record<string, AssetHoldings>;
  lending: LendingPosition[];
  debtUnits: Record<string, number>;
  nativeEth: number;
}

function emptyHoldings(ctx: GatherContext): Record<string, AssetHoldings> {
  return Object.fromEntries(
    ctx.assets.map((a) => [a.symbol, { wallets: 0, supplied: 0, borrowed: 0, venue: 0, perp: 0 }])
  );
}

function failed(entries: ReadonlyArray<{ status: 'success' | 'failure'; error?: PmmError }>): void {
  const failure = entries.find((e) => e.status === 'failure');
  if (failure?.error) {
    throw failure.error;
  }
}

async function readChainHoldings(
  ctx: GatherContext,
  venues: Venues,
  block: BlockRef,
  price: (symbol: string) => number
): Promise<ChainHoldings> {
  const holders = ctx.wallets.holders;
  // Lending positions are the holders'; tokens and native ETH are every wallet's, the receiver's too.
  const wallets = [...holders, ...ctx.wallets.flashLoanReceivers];
  const holdings = emptyHoldings(ctx);
  const lending: LendingPosition[] = [];
  const debtUnits: Record<string, number> = {};
  const symbolOf = new Map<Address, string>(ctx.assets.map((a) => [a.address, a.symbol]));
  const walletName = (account: Address) => ctx.wallets.names.get(account) ?? account;
  const [balances, native, aavePositions, aaveAccounts, cometPositions] = await Promise.all([
    getBalances(ctx.client, { tokens: ctx.assets.map((a) => a.address), holders: wallets, blockNumber: block.number }),
    getNativeBalances(ctx.client, { holders: wallets, blockNumber: block.number }),
    venues.aave
      ? getAavePositions(ctx.client, { reserves: venues.aave.reserves, accounts: holders, blockNumber: block.number })
      : [],
    venues.aave
      ? getAaveAccountData(ctx.client, { pool: venues.aave.pool, accounts: holders, blockNumber: block.number })
      : undefined,
    Promise.all(
      venues.comets.map((comet) =>
        getCometPositions(ctx.client, {
          market: comet.market.market,
          accounts: holders,
          collateralAssets: comet.collaterals.map((c) => c.asset.address),
          blockNumber: block.number,
        })
      )
    ),
  ]);
  failed(balances);
  for (const entry of balances) {
    if (entry.status === 'success') {
      holdings[symbolOf.get(entry.token) as string].wallets += entry.balanceTokens;
    }
  }
  failed(aavePositions);
  for (const entry of aavePositions) {
    if (entry.status === 'success') {
      const symbol = symbolOf.get(entry.asset) as string;
      holdings[symbol].supplied += entry.suppliedTokens;
      holdings[symbol].borrowed += entry.debtTokens;
      debtUnits[`aave:${symbol}`] = (debtUnits[`aave:${symbol}`] ?? 0) + entry.debtTokens;
    }
  }
  if (aaveAccounts) {
    failed(aaveAccounts.accounts);
    for (const entry of aaveAccounts.accounts) {
      if (entry.status === 'success' && !entry.noDebt) {
        // getUserAccountData's own figures: collateral × weighted liquidation threshold against debt.
        lending.push({
          venue: `aave:${walletName(entry.account)}`,
          weightedCollateralUsd: (entry.totalCollateral * entry.liquidationThresholdBps) / 10_000,
          debtUsd: entry.totalDebt,
        });
      }
    }
  }
  venues.comets.forEach((comet, i) => {
    const read = cometPositions[i];
    failed(read.positions);
    for (const position of read.positions) {
      if (position.status !== 'success') {
        continue;
      }
      failed(position.collateral);
      let weightedCollateralUsd = 0;
      position.collateral.forEach((entry, j) => {
        if (entry.status === 'success') {
          const { asset, liquidateCollateralFactor } = comet.collaterals[j];
          holdings[asset.symbol].supplied += entry.balanceTokens;
          weightedCollateralUsd += entry.balanceTokens * price(asset.symbol) * liquidateCollateralFactor;
        }
      });
      const base = comet.base.symbol;
      holdings[base].supplied += position.suppliedTokens;
      holdings[base].borrowed += position.borrowBalanceTokens;
      const key = `${comet.name}:${base}`;
      debtUnits[key] = (debtUnits[key] ?? 0) + position.borrowBalanceTokens;
      if (position.borrowBalance > 0n) {
        lending.push({
          venue: `${comet.name}:${walletName(position.account)}`,
          weightedCollateralUsd,
          debtUsd: position.borrowBalanceTokens * price(base),
        });
      }
    }
  });
  const nativeEth = native.reduce((eth, entry) => eth + entry.balanceEther, 0);
  return { holdings, lending, debtUnits, nativeEth };
}

export async function readSnapshots(
  ctx: GatherContext,
  venuesAt: (block: bigint) => Venues,
  blocks: readonly BlockRef[],
  pricesAt: PricesAt,
  hedge: HedgeStates | undefined
): Promise<Snapshot[]> {
  const prices = await pricesAt(blocks);
  const eth = gasPriceAsset(ctx.assets);
  if (!eth) {
    throw new PmmError('settings', 'native ETH is valued at the ETH/USD feed, and no asset is priced as ETH', {
      fix: 'add WETH (with its ETH/USD feed) to the assets of the data source',
    });
  }
  return mapLimited(blocks, ctx.options.blocksInFlight, async (block) => {
    const price = prices(block.number);
    const chain = await ctx.cache.get(block.hash, 'holdings', () =>
      // Lending positions at the feeds' own answers: the protocols' oracles decide liquidations.
      readChainHoldings(ctx, venuesAt(block.number), block, prices.onchain(block.number))
    );
    // A copy per query: the hedge venue's holdings are added to it below. Flat records, so one level.
    const holdings: Record<string, AssetHoldings> = {};
    for (const [symbol, held] of Object.entries(chain.holdings)) {
      holdings[symbol] = { ...held };
    }
    const state = hedge ? hedgeAt(hedge, block.timeMs) : undefined;
    let unrealized = 0;
    const hedgeMarks: Record<string, number> = {};
    for (const balance of state?.balances ?? []) {
      if (holdings[balance.asset]) {
        holdings[balance.asset].venue += balance.amount;
      }
    }
    for (const position of state?.positions ?? []) {
      if (holdings[position.asset]) {
        holdings[position.asset].perp += position.size;
        hedgeMarks[position.asset] = position.markPrice;
      }
      unrealized += position.unrealizedPnl;
    }
    return {
      blockNumber: block.number,
      timeMs: block.timeMs,
      prices: Object.fromEntries(ctx.assets.map((a) => [a.symbol, price(a.symbol)])),
      holdings,
      hedgeUnrealizedPnlUsd: unrealized,
      lending: chain.lending,
      debtUnits: chain.debtUnits,
      nativeEth: chain.nativeEth,
      ethAsset: eth.symbol,
      hedgeMarks,
    };
  });
}
