/** Dataset parts read from the lending venues' events: the wallets' flash loans and debt principal flows. */
import type { Address } from 'viem';

import type { DebtFlow, FlashLoan } from '../model';
import { getAaveDebtFlows, getAaveFlashLoans, getCometFlows, type AaveFlashLoan } from '../sources/chain';
import type { GatherContext } from './context';
import type { BlockRef, PricesAt } from './prices';
import { sharedRead } from './shared';
import { blockSpanOf, spanKey, type ChainSpan } from './stateBlocks';
import { wholeTokens } from './units';
import type { Venues } from './venues';

export type BlockRefOf = (blocks: readonly bigint[]) => Promise<Map<bigint, BlockRef>>;

function assetByAddress(ctx: GatherContext) {
  return new Map(ctx.assets.map((a) => [a.address as Address, a]));
}

/**
 * The Aave pool's FlashLoan logs of the wallets' receiver contracts (none without a receiver), read
 * once for every query that asks the same span (shared.ts).
 */
export async function flashLoanLogs(ctx: GatherContext, pool: Address, span: ChainSpan): Promise<AaveFlashLoan[]> {
  if (ctx.wallets.flashLoanReceivers.length === 0) {
    return [];
  }
  return sharedRead(ctx, `flashLoans|${pool}|${spanKey(span)}`, (own) =>
    getAaveFlashLoans(own.client, { pool, ...blockSpanOf(span), targets: own.wallets.flashLoanReceivers })
  );
}

/** Flash loans taken by the wallets' receiver contracts, in USD at the loan's block. */
export async function readFlashLoans(
  ctx: GatherContext,
  venues: Venues,
  span: ChainSpan,
  blockRefs: BlockRefOf,
  pricesAt: PricesAt
): Promise<FlashLoan[]> {
  if (!venues.aave) {
    return [];
  }
  const loans = await flashLoanLogs(ctx, venues.aave.pool, span);
  const assets = assetByAddress(ctx);
  const refs = await blockRefs(loans.map((l) => l.blockNumber));
  const prices = await pricesAt([...refs.values()]);
  return loans.flatMap((loan) => {
    const asset = assets.get(loan.asset);
    const ref = refs.get(loan.blockNumber);
    if (!asset || !ref) {
      return [];
    }
    const price = prices(loan.blockNumber)(asset.symbol);
    return [
      {
        timeMs: ref.timeMs,
        asset: asset.symbol,
        amountUsd: wholeTokens(loan.amount, asset.decimals) * price,
        premiumUsd: wholeTokens(loan.premium, asset.decimals) * price,
      },
    ];
  });
}

/** Principal borrowed (+) and repaid (−) by the wallets, keyed as the snapshots key their debt. */
export async function readDebtFlows(
  ctx: GatherContext,
  venues: Venues,
  span: ChainSpan,
  blockRefs: BlockRefOf
): Promise<DebtFlow[]> {
  const assets = assetByAddress(ctx);
  const accounts = ctx.wallets.holders;
  const blocks = blockSpanOf(span);
  // Each venue's events read once for every query that asks the same span (shared.ts).
  const aavePool = venues.aave?.pool;
  const [aave, comets] = await Promise.all([
    aavePool
      ? sharedRead(ctx, `aaveDebtFlows|${aavePool}|${spanKey(span)}`, (own) =>
          getAaveDebtFlows(own.client, { pool: aavePool, ...blocks, accounts })
        )
      : [],
    Promise.all(
      venues.comets.map((c) =>
        sharedRead(ctx, `cometFlows|${c.market.market}|${spanKey(span)}`, (own) =>
          getCometFlows(own.client, { market: c.market.market, ...blocks, accounts })
        )
      )
    ),
  ]);
  const raw: Array<{ block: bigint; key: string; asset: string; units: number }> = [];
  for (const flow of aave) {
    const asset = assets.get(flow.reserve);
    if (asset) {
      const units = wholeTokens(flow.amount, asset.decimals);
      raw.push({
        block: flow.blockNumber,
        key: `aave:${asset.symbol}`,
        asset: asset.symbol,
        units: flow.kind === 'borrow' ? units : -units,
      });
    }
  }
  venues.comets.forEach((comet, i) => {
    for (const flow of comets[i]) {
      // Base moves only: a base withdrawal beyond the supplied balance is a borrow, a base supply repays
      // (the market maker posts collateral to Comet and never lends it base).
      if (flow.kind === 'supply' || flow.kind === 'withdraw') {
        const units = wholeTokens(flow.amount, comet.base.decimals);
        raw.push({
          block: flow.blockNumber,
          key: `${comet.name}:${comet.base.symbol}`,
          asset: comet.base.symbol,
          units: flow.kind === 'withdraw' ? units : -units,
        });
      }
    }
  });
  const refs = await blockRefs(raw.map((f) => f.block));
  return raw.flatMap((f) => {
    const ref = refs.get(f.block);
    return ref ? [{ timeMs: ref.timeMs, key: f.key, asset: f.asset, units: f.units }] : [];
  });
}
