/**
 * Dataset parts read from what happened on chain in the window: the market maker's fills (matched to
 * its quote log by order hash), the settlement outcome of every accepted quote and of every
 * transaction the wallets sent, their gas, and the transfers between the wallets (rebalancing).
 */
import type { Address, Hash, Hex } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { Fill, Rebalance, Settlement, WalletTx } from '../model';
import {
  fillsOf,
  getFillCandidates,
  getFills,
  getSettlementStatuses,
  getWalletTransactions,
  type ChainFill,
  type SettlementStatusEntry,
  type WalletTransaction,
} from '../sources/activity';
import type { QuoteLogRfq } from '../sources/offchain';
import type { GatherContext } from './context';
import type { PricesAt } from './prices';
import { sharedRead } from './shared';
import { blockSpanOf, spanKey, type ChainSpan } from './stateBlocks';
import { gasPriceAsset, type ResolvedAsset } from './sourcesConfig';
import { wholeTokens } from './units';

function limitOrderProtocol(ctx: GatherContext): Address {
  const address = ctx.settings.venues.limitOrderProtocol;
  if (!address) {
    throw new PmmError('1inch', 'no 1inch Limit Order Protocol address is configured', {
      fix: 'set it in the venues (0x111111125421cA6dc452d289314280a0f8842A65 on Ethereum: Router v6)',
    });
  }
  return address as Address;
}

/**
 * The quote log's fills in a span: the span's candidate transactions are read once for every query
 * (shared.ts), the quote log's orders picked from them by each.
 */
export async function readChainFills(
  ctx: GatherContext,
  span: ChainSpan,
  rfqs: readonly QuoteLogRfq[]
): Promise<ChainFill[]> {
  const orderHashes = new Set(rfqs.flatMap((r) => (r.orderHash ? [r.orderHash.toLowerCase() as Hex] : [])));
  const lop = limitOrderProtocol(ctx);
  const makers = ctx.wallets.holders;
  const tokens = ctx.assets.map((a) => a.address);
  if (orderHashes.size === 0) {
    // Nothing of ours to find: no read (getFills checks the parameters all the same).
    return getFills(ctx.client, { limitOrderProtocol: lop, ...blockSpanOf(span), orderHashes, makers, tokens });
  }
  const candidates = await sharedRead(ctx, `fillCandidates|${spanKey(span)}`, (own) =>
    getFillCandidates(own.client, { limitOrderProtocol: lop, ...blockSpanOf(span), makers })
  );
  return fillsOf(ctx.client, candidates, { orderHashes, makers, tokens });
}

function assetOf(ctx: GatherContext, token: Address): ResolvedAsset {
  const asset = ctx.assets.find((a) => a.address === token);
  if (!asset) {
    throw new PmmError('1inch', `a fill moved token ${token}, which is not a configured asset`, {
      fix: 'add the token to the assets of the data source',
    });
  }
  return asset;
}

/** Fills with their volume (base × its price) and spread (received − given), at the fill block's prices. */
export async function toFills(
  ctx: GatherContext,
  chainFills: readonly ChainFill[],
  rfqs: readonly QuoteLogRfq[],
  pricesAt: PricesAt
): Promise<Fill[]> {
  const byHash = new Map(rfqs.flatMap((r) => (r.orderHash ? [[r.orderHash.toLowerCase(), r] as const] : [])));
  const prices = await pricesAt(
    chainFills.map((f) => ({ number: f.blockNumber, hash: f.blockHash, timeMs: f.timestampSec * 1000 }))
  );
  return chainFills.map((fill) => {
    const rfq = byHash.get(fill.orderHash.toLowerCase());
    const given = assetOf(ctx, fill.given.token);
    const received = assetOf(ctx, fill.received.token);
    const price = prices(fill.blockNumber);
    const givenUnits = wholeTokens(fill.given.amount, given.decimals);
    const receivedUnits = wholeTokens(fill.received.amount, received.decimals);
    const base = rfq?.base ?? given.symbol;
    const quote = rfq?.quote ?? received.symbol;
    const baseUnits = base === given.symbol ? givenUnits : receivedUnits;
    return {
      timeMs: fill.timestampSec * 1000,
      base,
      quote,
      baseUnits,
      volumeUsd: baseUnits * price(base),
      spreadUsd: receivedUnits * price(received.symbol) - givenUnits * price(given.symbol),
      quotedAtMs: rfq?.quotedAtMs ?? null,
    };
  });
}

/** The wallets' transactions in a span, read once for every query that asks the same span (shared.ts). */
export function readWalletTransactions(ctx: GatherContext, span: ChainSpan): Promise<WalletTransaction[]> {
  return sharedRead(ctx, `walletTxs|${spanKey(span)}`, (own) =>
    getWalletTransactions(own.client, { wallets: own.wallets.holders, ...blockSpanOf(span), keep: ctx.cache.get })
  );
}

/**
 * The outcome of each accepted quote's settlement transaction, once per transaction, leaving out those
 * the wallets sent themselves (their receipts are already among the wallet transactions).
 */
export function quoteSettlements(
  ctx: GatherContext,
  rfqs: readonly QuoteLogRfq[],
  walletTxs: readonly WalletTransaction[]
): Promise<SettlementStatusEntry[]> {
  const own = new Set<Hash>(walletTxs.map((t) => t.hash));
  const quoted = [...new Set(rfqs.flatMap((r) => (r.accepted && r.txHash && !own.has(r.txHash) ? [r.txHash] : [])))];
  return getSettlementStatuses(ctx.client, { txHashes: quoted });
}

/**
 * Settlements: the transactions of the accepted quotes (whoever sent them) and those the wallets sent,
 * each once, by the time of its block. An accepted quote whose transaction the chain does not know is
 * not counted: it may still be pending.
 */
export async function toSettlements(
  ctx: GatherContext,
  rfqs: readonly QuoteLogRfq[],
  walletTxs: readonly WalletTransaction[],
  blockTimeMs: (block: bigint) => Promise<number>
): Promise<Settlement[]> {
  const statuses = await quoteSettlements(ctx, rfqs, walletTxs);
  const settlements: Settlement[] = walletTxs.map((t) => ({
    timeMs: t.timestampSec * 1000,
    ok: t.status === 'success',
  }));
  for (const status of statuses) {
    if (status.status !== 'unknown' && status.blockNumber !== undefined) {
      settlements.push({ timeMs: await blockTimeMs(status.blockNumber), ok: status.status === 'success' });
    }
  }
  return settlements;
}

const WEI_PER_ETH = 1e18;

/** Gas of each wallet transaction in USD at its block's ETH price, attributed to the asset it moved. */
export async function toWalletTxs(
  ctx: GatherContext,
  txs: readonly WalletTransaction[],
  pricesAt: PricesAt
): Promise<WalletTx[]> {
  const eth = gasPriceAsset(ctx.assets);
  if (!eth) {
    throw new PmmError('rpc', 'gas is paid in ETH, and no asset is priced as ETH', {
      fix: 'add WETH (with its feed) to the assets of the data source',
    });
  }
  const prices = await pricesAt(
    txs.map((t) => ({ number: t.blockNumber, hash: t.blockHash, timeMs: t.timestampSec * 1000 }))
  );
  return txs.map((t) => {
    const moved = t.transfers.map((tr) => ctx.assets.find((a) => a.address === tr.token)).find((a) => a !== undefined);
    const gasEth = Number(t.gasUsed * t.effectiveGasPrice) / WEI_PER_ETH;
    return {
      timeMs: t.timestampSec * 1000,
      gasUsd: gasEth * prices(t.blockNumber)(eth.symbol),
      asset: (moved ?? eth).symbol,
    };
  });
}

/**
 * The moves between two parts of the portfolio in the wallets' own transactions, one per ERC-20
 * transfer (framework revision 2): from one wallet to another; a configured token between a wallet and
 * a lending market's contract (supply, borrow, repay, withdraw; the aTokens, debt tokens and Comet's
 * own balance token are bookkeeping, not moves); from a wallet to the hedge venue's deposit address.
 * A flash loan moves tokens between the pool and the receiver contract, not a wallet, and is not one.
 */
export function toRebalances(
  ctx: GatherContext,
  txs: readonly WalletTransaction[],
  lending: ReadonlySet<string>,
  depositAddress: string | undefined
): Rebalance[] {
  const own = new Set<string>(ctx.wallets.holders.map((a) => a.toLowerCase()));
  const tokens = new Set<string>(ctx.assets.map((a) => a.address.toLowerCase()));
  const kindOf = (from: string, to: string, token: string): Rebalance['kind'] | undefined => {
    if (own.has(from) && own.has(to)) {
      return from === to ? undefined : 'wallets';
    }
    if (!own.has(from) && !own.has(to)) {
      return undefined;
    }
    const counterparty = own.has(from) ? to : from;
    if (own.has(from) && counterparty === depositAddress) {
      return 'venue';
    }
    return lending.has(counterparty) && tokens.has(token) ? 'lending' : undefined;
  };
  return txs.flatMap((t) =>
    t.transfers.flatMap((tr) => {
      const kind = kindOf(tr.from.toLowerCase(), tr.to.toLowerCase(), tr.token.toLowerCase());
      return kind ? [{ timeMs: t.timestampSec * 1000, kind }] : [];
    })
  );
}
