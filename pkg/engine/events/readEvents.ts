/**
 * Reads the events of a range, kind by kind, from the sources the engine's KPIs read (wallet
 * transactions, the quote log and settlement receipts, Aave flash-loan logs, 1inch fills, and the
 * engine's own liquidation-buffer series), through the same reads as a KPI query's parts
 * (gather/queryReads.ts) over the engine's caches. A kind whose source fails is reported as failed,
 * and the other kinds still answer.
 */
import type { Address } from 'viem';

import type { PmmError } from '../../../src/core/errors';
import { EVENT_KINDS, LARGE_FILL_USD, type EventKind } from '../../../src/core/query';
import type { KpiOutcome, SeriesPoint } from '../evaluate/evaluate';
import { quoteSettlements, toFills } from '../gather/activityParts';
import { asPmmError } from '../gather/asPmmError';
import type { GatherContext } from '../gather/context';
import { flashLoanLogs } from '../gather/lendingEvents';
import type { BlockRef } from '../gather/prices';
import type { QueryReads } from '../gather/queryReads';
import { isEmptySpan } from '../gather/stateBlocks';
import type { Window } from '../model';
import type { WalletTransaction } from '../sources/activity';
import { bufferBreachEvents } from './bufferEvents';
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

/** What the events are read from: the engine's context and one query's reads (gather/queryReads.ts). */
export interface EventSources {
  ctx: GatherContext;
  reads: QueryReads;
  /** A KPI's outcome and its series over the query's range, as a KPI query of the same panel computes them. */
  kpiSeries(kpiId: string): Promise<{ outcome: KpiOutcome; points: SeriesPoint[] }>;
}

const LIQUIDATION_BUFFER = 'liquidation_buffer';

const timesOf = (refs: ReadonlyMap<bigint, BlockRef | undefined>) =>
  new Map([...refs].flatMap(([block, ref]) => (ref ? [[block, ref.timeMs] as const] : [])));

const inWindow = (window: Window) => (event: PmmEvent) => event.timeMs >= window.fromMs && event.timeMs < window.toMs;

export async function readEvents({ ctx, reads, kpiSeries }: EventSources, query: EventsQuery): Promise<EventsAnswer> {
  const kinds = query.kinds && query.kinds.length > 0 ? query.kinds : EVENT_KINDS;
  const window: Window = { fromMs: query.fromMs, toMs: query.toMs };
  /** The window's own blocks; undefined when none fell in it (nothing happened on chain). */
  const span = async () => {
    const found = await reads.span();
    return found && !isEmptySpan(found) ? found : undefined;
  };
  const walletTxs = async (): Promise<WalletTransaction[]> => ((await span()) ? reads.walletTxs() : []);

  const readers: Record<EventKind, () => Promise<PmmEvent[]>> = {
    'failed-settlement': async () => {
      const txs = await walletTxs();
      const own = revertedWalletTxEvents(txs, ctx.wallets.names);
      // Without a quote log, only the wallets' own transactions can be told.
      if (!ctx.settings.endpoints.quoteLogUrl) {
        return own;
      }
      const rfqs = await reads.quoteLog();
      const statuses = await quoteSettlements(ctx, rfqs, txs);
      const reverted = statuses.filter((s) => s.status === 'reverted' && s.blockNumber !== undefined);
      const refs = await reads.blockRefs(reverted.map((s) => s.blockNumber as bigint));
      return [...own, ...revertedQuoteEvents(rfqs, reverted, timesOf(refs))];
    },
    rebalance: async () => rebalanceEvents(await walletTxs(), ctx.wallets.holders, ctx.wallets.names, ctx.assets),
    'flash-loan': async () => {
      const s = await span();
      const pool = ctx.settings.venues.aave?.pool;
      if (!s || !pool) {
        return [];
      }
      const loans = await flashLoanLogs(ctx, pool as Address, s);
      const refs = await reads.blockRefs(loans.map((l) => l.blockNumber));
      return flashLoanEvents(loans, timesOf(refs), ctx.assets, ctx.wallets.names);
    },
    'large-fill': async () => {
      if (!(await span())) {
        return [];
      }
      const rfqs = await reads.quoteLog();
      const chainFills = await reads.chainFills();
      const fills = await toFills(ctx, chainFills, rfqs, reads.pricesAt);
      const maker = ctx.settings.wallets.find((w) => w.role === 'maker');
      return largeFillEvents(chainFills, fills, query.minFillUsd ?? LARGE_FILL_USD, maker?.name ?? 'maker');
    },
    'buffer-breach': async () => {
      const { outcome, points } = await kpiSeries(LIQUIDATION_BUFFER);
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
