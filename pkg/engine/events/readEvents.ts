/**
 * Reads the events of a range, kind by kind, from the sources the engine's KPIs read (wallet
 * transactions, the quote log and settlement receipts, Aave flash-loan logs, 1inch fills, and the
 * engine's own liquidation-buffer series). A kind whose source fails is reported as failed, and the
 * other kinds still answer.
 */
import type { Address, Hash } from 'viem';

import { PmmError } from '../../../src/core/errors';
import { EVENT_KINDS, LARGE_FILL_USD, type EventKind } from '../../../src/core/query';
import type { Engine } from '../engine';
import { readChainFills, readWalletTransactions, toFills, type BlockSpan } from '../gather/activityParts';
import { asPmmError } from '../gather/gather';
import { readQuoteLog } from '../gather/offchainParts';
import { createPricesAt } from '../gather/prices';
import { blockAtOrBeforeMs, headersOf } from '../gather/stateBlocks';
import type { GatherContext } from '../gather/context';
import type { Window } from '../model';
import { getSettlementStatuses, type WalletTransaction } from '../sources/activity';
import type { QuoteLogRfq } from '../sources/offchain';
import { getAaveFlashLoans } from '../sources/chain';
import { bufferBreachEvents } from './bufferEvents';
import { eventsContext, type EventsSource } from './eventsContext';
import { largeFillEvents } from './fillEvents';
import { flashLoanEvents } from './flashLoanEvents';
import { rebalanceEvents } from './rebalanceEvents';
import { revertedQuoteEvents, revertedWalletTxEvents } from './settlementEvents';
import type { PmmEvent } from './types';

export interface EventsQuery extends Window {
  kinds?: readonly EventKind[];
  /** Large fills from this USD volume; default LARGE_FILL_USD. */
  minFillUsd?: number;
  /** For the liquidation buffer's series (as a KPI query of the same panel would sample it). */
  maxDataPoints: number;
  intervalMs: number;
}

export interface EventsAnswer {
  events: PmmEvent[];
  failures: Array<{ kind: EventKind; error: PmmError }>;
}

export interface ReadEventsParameters extends EventsSource {
  engine: Pick<Engine, 'query'>;
}

const LIQUIDATION_BUFFER = 'liquidation_buffer';

function once<T>(read: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= read());
}

async function timesOf(ctx: GatherContext, blocks: readonly bigint[]): Promise<Map<bigint, number>> {
  const headers = await headersOf(ctx.client, [...new Set(blocks)]);
  return new Map(headers.map((h) => [h.number, h.timeMs]));
}

/** The blocks of the window, as gathering reads them; undefined when no block falls in it. */
async function spanOf(ctx: GatherContext, window: Window): Promise<BlockSpan | undefined> {
  const before = await blockAtOrBeforeMs(ctx.client, Math.ceil(window.fromMs / 1000) * 1000 - 1000, ctx.blockPoints);
  const end = await blockAtOrBeforeMs(ctx.client, window.toMs, ctx.blockPoints);
  const fromBlock = before ? before.number + 1n : 0n;
  return end && fromBlock <= end.number ? { fromBlock, toBlock: end.number } : undefined;
}

const inWindow = (window: Window) => (event: PmmEvent) => event.timeMs >= window.fromMs && event.timeMs < window.toMs;

export async function readEvents(params: ReadEventsParameters, query: EventsQuery): Promise<EventsAnswer> {
  const kinds = query.kinds && query.kinds.length > 0 ? query.kinds : EVENT_KINDS;
  const window: Window = { fromMs: query.fromMs, toMs: query.toMs };
  const context = once(() => eventsContext(params));
  const span = once(async () => spanOf(await context(), window));
  const walletTxs = once(async (): Promise<WalletTransaction[]> => {
    const s = await span();
    return s ? readWalletTransactions(await context(), s) : [];
  });
  const quoteLog = once(async (): Promise<QuoteLogRfq[]> => readQuoteLog(await context(), window));

  const readers: Record<EventKind, () => Promise<PmmEvent[]>> = {
    'failed-settlement': async () => {
      const ctx = await context();
      const txs = await walletTxs();
      const own = revertedWalletTxEvents(txs, ctx.wallets.names);
      // Without a quote log, only the wallets' own transactions can be told.
      if (!ctx.settings.endpoints.quoteLogUrl) {
        return own;
      }
      const sent = new Set<Hash>(txs.map((t) => t.hash));
      const rfqs = await quoteLog();
      const txHashes = [
        ...new Set(rfqs.flatMap((r) => (r.accepted && r.txHash && !sent.has(r.txHash) ? [r.txHash] : []))),
      ];
      const statuses = await getSettlementStatuses(ctx.client, { txHashes });
      const reverted = statuses.filter((s) => s.status === 'reverted' && s.blockNumber !== undefined);
      const times = await timesOf(
        ctx,
        reverted.map((s) => s.blockNumber as bigint)
      );
      return [...own, ...revertedQuoteEvents(rfqs, reverted, times)];
    },
    rebalance: async () => {
      const ctx = await context();
      return rebalanceEvents(await walletTxs(), ctx.wallets.holders, ctx.wallets.names, ctx.assets);
    },
    'flash-loan': async () => {
      const ctx = await context();
      const s = await span();
      const pool = ctx.settings.venues.aave?.pool;
      if (!s || !pool || ctx.wallets.flashLoanReceivers.length === 0) {
        return [];
      }
      const loans = await getAaveFlashLoans(ctx.client, {
        pool: pool as Address,
        ...s,
        targets: ctx.wallets.flashLoanReceivers,
      });
      return flashLoanEvents(
        loans,
        await timesOf(
          ctx,
          loans.map((l) => l.blockNumber)
        ),
        ctx.assets,
        ctx.wallets.names
      );
    },
    'large-fill': async () => {
      const ctx = await context();
      const s = await span();
      if (!s) {
        return [];
      }
      const rfqs = await quoteLog();
      const chainFills = await readChainFills(ctx, s, rfqs);
      const fills = await toFills(ctx, chainFills, rfqs, createPricesAt(ctx, window));
      const maker = ctx.settings.wallets.find((w) => w.role === 'maker');
      return largeFillEvents(chainFills, fills, query.minFillUsd ?? LARGE_FILL_USD, maker?.name ?? 'maker');
    },
    'buffer-breach': async () => {
      const answer = await params.engine.query({ ...query, kpis: [LIQUIDATION_BUFFER], series: true });
      const outcome = answer.outcomes[0];
      const points = answer.series.get(LIQUIDATION_BUFFER) ?? [];
      const failed = points.find((p) => p.error)?.error ?? outcome?.error;
      if (failed && points.every((p) => !p.result)) {
        throw failed;
      }
      return bufferBreachEvents(points, outcome.bands, query.toMs, (key) => key.split(':')[1]);
    },
  };

  const settled = await Promise.all(
    kinds.map(async (kind) => {
      try {
        return { kind, events: await readers[kind]() };
      } catch (error) {
        return { kind, error: asPmmError(error) };
      }
    })
  );
  const events: PmmEvent[] = [];
  const failures: EventsAnswer['failures'] = [];
  for (const result of settled) {
    if ('error' in result && result.error) {
      failures.push({ kind: result.kind, error: result.error });
    } else if ('events' in result && result.events) {
      // Breaches open before the window still show; point events outside it (a fill's grace) do not.
      events.push(...(result.kind === 'buffer-breach' ? result.events : result.events.filter(inWindow(window))));
    }
  }
  events.sort((a, b) => a.timeMs - b.timeMs);
  return { events, failures };
}
