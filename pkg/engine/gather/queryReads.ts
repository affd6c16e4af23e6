/**
 * The reads one query shares between the things it computes (the dataset's parts, or the annotation
 * events), each run once, on first use: the blocks of the window, their headers, the venues, the
 * quote log, the fills on chain, the wallets' transactions and the hedge venue's states. A read that
 * fails fails every part that uses it, and only those.
 */
import { PmmError } from '../../../src/core/errors';
import type { PriceFlag, Window } from '../model';
import type { ChainFill, WalletTransaction } from '../sources/activity';
import type { QuoteLogRfq } from '../sources/offchain';
import { readChainFills, readWalletTransactions } from './activityParts';
import type { GatherContext } from './context';
import { readHedgeStates, readQuoteLog, type HedgeStates } from './offchainParts';
import { sharedRead } from './shared';
import { createPriceReader, type BlockRef, type PricesAt } from './prices';
import {
  blockAtOrBeforeMs,
  headersOf,
  isEmptySpan,
  stateBlocks,
  windowEnds,
  windowSpan,
  type ChainSpan,
  type StateBlock,
  type WindowEnds,
} from './stateBlocks';
import { readVenues, type Venues } from './venues';

export interface QueryReadsOptions {
  /** Series points whose state must be read (stateBlocks). */
  points: readonly number[];
  /** The query reads state: its state blocks' headers then serve every block time it needs. */
  readsState: boolean;
  /**
   * How long before the window quotes are read, and after it fills (a quote received just before it
   * may settle inside it; a quote of the window may fill just after it).
   */
  graceMs: number;
  /** The times this query prices (createPriceReader). */
  pricesSpan: Window;
}

export interface QueryReads {
  pricesAt: PricesAt;
  /** The flagged prices the reads so far were valued at (prices.ts). */
  priceFlags(): PriceFlag[];
  /** The last block before the window and the last at or before its end. */
  ends(): Promise<WindowEnds>;
  /** The blocks whose state the query reads (stateBlocks), the one before the window first. */
  blocks(): Promise<StateBlock[]>;
  /**
   * The window's own blocks (an empty span when none fell in it); undefined when the chain has no
   * block by its end. Fails when the assets could not be read: nothing on chain can be valued.
   */
  span(): Promise<ChainSpan | undefined>;
  /** The window's own blocks; fails when the chain has no block by its end. */
  spanOrFail(): Promise<ChainSpan>;
  /** Headers (time and hash) of blocks, each read once per query. */
  blockRefs(numbers: readonly bigint[]): Promise<Map<bigint, BlockRef>>;
  /** The lending venues, read at the window's last block. */
  venues(): Promise<Venues>;
  quoteLog(): Promise<QuoteLogRfq[]>;
  /** The quote log's fills on chain, from the window's start to `graceMs` after its end. */
  chainFills(): Promise<ChainFill[]>;
  walletTxs(): Promise<WalletTransaction[]>;
  /** The hedge venue's states from the first state block (or the window's start) to its end. */
  hedge(): Promise<HedgeStates>;
}

/** Runs a read once, on first use; a failure is kept as the read's answer. */
export function once<T>(read: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= read());
}

export function createQueryReads(ctx: GatherContext, window: Window, options: QueryReadsOptions): QueryReads {
  const { points, readsState, graceMs } = options;
  const prices = createPriceReader(ctx, options.pricesSpan);

  const ends = once(() => windowEnds(ctx.blocks, window, ctx.blockPoints));
  const blocks = once(async () => {
    if (ctx.assetsUnavailable) {
      throw ctx.assetsUnavailable;
    }
    const found = await ends();
    const read = (own: GatherContext) =>
      stateBlocks(own.client, {
        ends: found,
        points,
        maxBlocks: own.options.maxStateBlocks,
        blockPoints: own.blockPoints,
        reader: own.blocks,
      });
    // Without series points (an instant query: every alert rule) the blocks follow from the window's
    // ends alone, and the end's hash names them: shared with the data source's other queries.
    const { before, end } = found;
    return points.length === 0 && end
      ? sharedRead(ctx, `stateBlocks|${before?.number ?? 'none'}|${end.number}@${end.hash.toLowerCase()}`, read)
      : read(ctx);
  });
  const span = once(async () => {
    if (ctx.assetsUnavailable) {
      throw ctx.assetsUnavailable;
    }
    return windowSpan(await ends());
  });
  const spanOrFail = async (): Promise<ChainSpan> => {
    const found = await span();
    if (!found) {
      throw new PmmError('rpc', 'the chain has no block at or before the range end', { fix: 'pick a later range' });
    }
    return found;
  };

  const knownRefs = new Map<bigint, BlockRef>();
  // Headers are read once per query: the state blocks' (when the query reads state anyway) serve the
  // events and the base fees too.
  // Once: settlements ask for one block at a time, and re-adding every state block per ask was quadratic.
  const stateRefsKnown = once(async () => {
    if (readsState) {
      for (const b of await blocks().catch((): StateBlock[] => [])) {
        knownRefs.set(b.number, b);
      }
    }
  });
  const blockRefs = async (numbers: readonly bigint[]): Promise<Map<bigint, BlockRef>> => {
    await stateRefsKnown();
    const missing = [...new Set(numbers)].filter((n) => !knownRefs.has(n));
    for (const header of await headersOf(ctx.client, missing)) {
      knownRefs.set(header.number, header);
    }
    return new Map(numbers.map((n) => [n, knownRefs.get(n) as BlockRef]));
  };

  const quoteLog = once(() => readQuoteLog(ctx, { fromMs: window.fromMs - graceMs, toMs: window.toMs }));
  return {
    pricesAt: prices.pricesAt,
    priceFlags: prices.flags,
    ends,
    blocks,
    span,
    spanOrFail,
    blockRefs,
    venues: once(async () => {
      const { toBlock, toHash } = await spanOrFail();
      // By the block's hash, as every state read: the chain reads' store keeps no eth_call answer.
      return ctx.cache.get(toHash, 'venues', () => readVenues(ctx, toBlock));
    }),
    quoteLog,
    chainFills: once(async (): Promise<ChainFill[]> => {
      const own = await spanOrFail();
      // Without a grace the fills end with the window's own blocks.
      const after =
        graceMs > 0 ? await blockAtOrBeforeMs(ctx.blocks, window.toMs + graceMs, ctx.blockPoints) : undefined;
      const fillSpan: ChainSpan =
        after && after.number > own.toBlock
          ? { fromBlock: own.fromBlock, toBlock: after.number, toHash: after.hash }
          : own;
      return isEmptySpan(fillSpan) ? [] : readChainFills(ctx, fillSpan, await quoteLog());
    }),
    walletTxs: once(async () => {
      const s = await spanOrFail();
      return isEmptySpan(s) ? [] : readWalletTransactions(ctx, s);
    }),
    hedge: once(async () => {
      const all = await blocks();
      return readHedgeStates(ctx, all[0]?.timeMs ?? window.fromMs, window.toMs);
    }),
  };
}
