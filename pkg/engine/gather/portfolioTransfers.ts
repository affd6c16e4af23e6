/**
 * Dataset parts read from the ERC-20 transfers that cross the portfolio's edge (framework revision 2):
 * external flows (capital an outside address deposits into a wallet, profit a wallet withdraws to one)
 * and the wallets' deposits at the hedge venue (a move inside the portfolio, which hedge PnL leaves
 * out). Whoever sent the transaction: an investor's deposit is not among the wallets' own transactions.
 *
 * A transfer between a wallet and an outside address is a flow unless it is
 * - with a venue contract (a lending market, its aTokens and debt tokens, a Comet market, the 1inch
 *   limit-order protocol): supply, borrow, repay, flash loans;
 * - with the hedge venue's deposit address (settings venues.hedge.depositAddress): a venue deposit;
 * - part of a trade: a transaction in which the portfolio both pays out to and receives from outside
 *   addresses (a fill of an RFQ order, a swap). Capital moves one way; a trade moves both.
 * Transfers between two of the wallets (the flash-loan receiver included) are rebalances, not flows.
 */
import type { Address } from 'viem';

import type { ExternalFlow, VenueDeposit } from '../model';
import { getTokenTransfers, type TokenTransfer } from '../sources/activity';
import type { GatherContext } from './context';
import type { BlockRefOf } from './lendingEvents';
import type { PricesAt } from './prices';
import { sharedRead } from './shared';
import { blockSpanOf, spanKey, type ChainSpan } from './stateBlocks';
import { wholeTokens } from './units';
import type { Venues } from './venues';

/** Who is who at the portfolio's edge, lower-case addresses. */
export interface PortfolioEdge {
  /** The portfolio's wallets: holders and flash-loan receivers. */
  wallets: ReadonlySet<string>;
  /** Venue contracts (see above). */
  venues: ReadonlySet<string>;
  /** The hedge venue's deposit address, when configured. */
  depositAddress?: string;
}

export interface EdgeTransfers {
  /** Each with its sign: +1 into the portfolio, −1 out of it. */
  flows: Array<{ transfer: TokenTransfer; sign: 1 | -1 }>;
  deposits: TokenTransfer[];
}

/** Sorts transfers into external flows and venue deposits, as the module comment says. */
export function classifyTransfers(transfers: readonly TokenTransfer[], edge: PortfolioEdge): EdgeTransfers {
  const deposits: TokenTransfer[] = [];
  const crossings = new Map<string, Array<{ transfer: TokenTransfer; sign: 1 | -1 }>>();
  for (const transfer of transfers) {
    const from = transfer.from.toLowerCase();
    const to = transfer.to.toLowerCase();
    const fromOwn = edge.wallets.has(from);
    const toOwn = edge.wallets.has(to);
    if (fromOwn === toOwn) {
      // Between two wallets (a rebalance), or not the portfolio's at all.
      continue;
    }
    const counterparty = fromOwn ? to : from;
    if (counterparty === edge.depositAddress) {
      if (fromOwn) {
        deposits.push(transfer);
      }
      continue;
    }
    if (edge.venues.has(counterparty)) {
      continue;
    }
    const own = crossings.get(transfer.txHash) ?? [];
    own.push({ transfer, sign: toOwn ? 1 : -1 });
    crossings.set(transfer.txHash, own);
  }
  const flows = [...crossings.values()].flatMap((inTx) => {
    const ways = new Set(inTx.map((c) => c.sign));
    return ways.size > 1 ? [] : inTx;
  });
  return { flows, deposits };
}

/** The lending markets' contracts a supply, borrow, repay or withdrawal moves tokens to or from, lower-case. */
export function lendingContracts(venues: Venues): Set<string> {
  const addresses: string[] = [];
  if (venues.aave) {
    addresses.push(venues.aave.pool);
    for (const reserve of venues.aave.reserves) {
      addresses.push(reserve.aToken, reserve.variableDebtToken, reserve.stableDebtToken);
    }
  }
  for (const comet of venues.comets) {
    addresses.push(comet.market.market);
  }
  return new Set(addresses.map((a) => a.toLowerCase()));
}

/** The venue contracts a transfer with is a venue operation, lower-case. */
export function venueContracts(ctx: GatherContext, venues: Venues): Set<string> {
  const addresses = lendingContracts(venues);
  if (ctx.settings.venues.limitOrderProtocol) {
    addresses.add(ctx.settings.venues.limitOrderProtocol.toLowerCase());
  }
  return addresses;
}

export function portfolioEdge(ctx: GatherContext, venues: Venues): PortfolioEdge {
  return {
    wallets: new Set([...ctx.wallets.holders, ...ctx.wallets.flashLoanReceivers].map((a) => a.toLowerCase())),
    venues: venueContracts(ctx, venues),
    depositAddress: ctx.settings.venues.hedge?.depositAddress?.toLowerCase(),
  };
}

export interface PortfolioTransfers {
  externalFlows: ExternalFlow[];
  venueDeposits: VenueDeposit[];
}

/** The window's external flows and venue deposits, each at its block's time and prices. */
export async function readPortfolioTransfers(
  ctx: GatherContext,
  venues: Venues,
  span: ChainSpan,
  blockRefs: BlockRefOf,
  pricesAt: PricesAt
): Promise<PortfolioTransfers> {
  const edge = portfolioEdge(ctx, venues);
  // Read once for every query that asks the same span (shared.ts).
  const transfers = await sharedRead(ctx, `tokenTransfers|${spanKey(span)}`, (own) =>
    getTokenTransfers(own.client, {
      tokens: own.assets.map((a) => a.address),
      accounts: [...own.wallets.holders, ...own.wallets.flashLoanReceivers] as Address[],
      ...blockSpanOf(span),
    })
  );
  const { flows, deposits } = classifyTransfers(transfers, edge);
  const refs = await blockRefs([...flows.map((f) => f.transfer), ...deposits].map((t) => t.blockNumber));
  const prices = await pricesAt([...new Set(refs.values())]);
  const valued = (transfer: TokenTransfer, sign: number) => {
    // getTokenTransfers asks only for the configured tokens.
    const asset = ctx.assets.find((a) => a.address === transfer.token) as (typeof ctx.assets)[number];
    const units = sign * wholeTokens(transfer.amount, asset.decimals);
    return {
      timeMs: (refs.get(transfer.blockNumber) as { timeMs: number }).timeMs,
      asset: asset.symbol,
      units,
      usd: units * prices(transfer.blockNumber)(asset.symbol),
    };
  };
  return {
    externalFlows: flows.map(({ transfer, sign }) => valued(transfer, sign)),
    venueDeposits: deposits.map((transfer) => valued(transfer, 1)),
  };
}
