/**
 * Reads everything a query's KPIs need, each part from its sources, concurrently, and keeps a failed
 * part as its error (so only the KPIs that read it fail). Parts no requested KPI reads are not read.
 */
import { PmmError, type PmmSource } from '../../../src/core/errors';
import type { BaseFee, Dataset, Rfq, Window } from '../model';
import { baseFeesBetween } from '../sources/rpc/feeHistory';
import type { Fill as ChainFill } from '../sources/activity/fills';
import type { QuoteLogRfq } from '../sources/offchain';
import {
  readChainFills,
  readWalletTransactions,
  toFills,
  toRebalances,
  toSettlements,
  toWalletTxs,
  type BlockSpan,
} from './activityParts';
import type { GatherContext } from './context';
import { hedgePnlEntries } from './hedgePnl';
import { readDebtFlows, readFlashLoans } from './lendingEvents';
import { partsFor, type DatasetPart } from './needs';
import { readHedgeStates, readQuoteLog } from './offchainParts';
import { createPricesAt, type BlockRef } from './prices';
import { readPriceHistory } from './priceHistory';
import { readProbes } from './probeParts';
import { stateStart } from './deployedFrom';
import { readSnapshots } from './snapshots';
import { blockAtOrBeforeMs, headersOf, stateBlocks, type StateBlock } from './stateBlocks';
import { readVenues, venueFirstBlocks, venuesAt } from './venues';

export function asPmmError(error: unknown, source: PmmSource = 'engine'): PmmError {
  if (error instanceof PmmError) {
    return error;
  }
  return new PmmError(source, error instanceof Error ? error.message : String(error), { cause: error });
}

/** Runs a read once, on first use; a failure is kept as the part's error. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= read());
}

async function settle<T>(wanted: boolean, read: () => Promise<T>, empty: T): Promise<T | PmmError> {
  if (!wanted) {
    return empty;
  }
  try {
    return await read();
  } catch (error) {
    return asPmmError(error);
  }
}

/** Interpolates block times between known headers (exact where every block is known). */
function timeOfBlock(known: readonly BlockRef[]): (block: bigint) => number {
  const sorted = [...known].sort((a, b) => (a.number < b.number ? -1 : 1));
  return (block) => {
    let lo = sorted[0];
    for (const ref of sorted) {
      if (ref.number === block) {
        return ref.timeMs;
      }
      if (ref.number < block) {
        lo = ref;
      } else {
        const span = Number(ref.number - lo.number);
        return lo.timeMs + ((ref.timeMs - lo.timeMs) * Number(block - lo.number)) / span;
      }
    }
    return lo.timeMs;
  };
}

export async function gatherDataset(
  ctx: GatherContext,
  window: Window,
  points: readonly number[],
  kpiIds: readonly string[]
): Promise<Dataset> {
  const parts = partsFor(kpiIds);
  const wants = (...names: DatasetPart[]) => names.some((n) => parts.has(n));
  const { options } = ctx;
  // Prices are needed from the VaR look-back before the window to a fill shortly after it.
  const pricesAt = createPricesAt(ctx, {
    fromMs: Math.min(window.fromMs, window.toMs - options.varWindowDays * 86_400_000),
    toMs: window.toMs + options.fillGraceMs,
  });
  const grace = options.fillGraceMs;

  const blocks = once(async () => {
    if (ctx.assetsUnavailable) {
      throw ctx.assetsUnavailable;
    }
    return stateBlocks(ctx.client, { window, points, maxBlocks: options.maxStateBlocks, blockPoints: ctx.blockPoints });
  });
  const span = once(async (): Promise<BlockSpan> => {
    const all = await blocks();
    if (all.length === 0) {
      throw new PmmError('rpc', 'the chain has no block at or before the range end', { fix: 'pick a later range' });
    }
    const first = all[0].timeMs < window.fromMs ? all[0].number + 1n : all[0].number;
    return { fromBlock: first, toBlock: all[all.length - 1].number };
  });
  // A window between two blocks has no block of its own: nothing happened in it.
  const isEmpty = ({ fromBlock, toBlock }: BlockSpan) => fromBlock > toBlock;
  const knownRefs = new Map<bigint, BlockRef>();
  // Headers are read once per query: the state blocks' (when the query reads state anyway) serve the
  // events and the base fees too.
  // Once: settlements ask for one block at a time, and re-adding every state block per ask was quadratic.
  const stateRefsKnown = once(async () => {
    if (wants('snapshots')) {
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
  const venues = once(async () => readVenues(ctx, (await span()).toBlock));
  // Quotes from a little before the window: a quote received just before it may settle inside it.
  const quoteLog = once(() => readQuoteLog(ctx, { fromMs: window.fromMs - grace, toMs: window.toMs }));
  const chainFills = once(async (): Promise<ChainFill[]> => {
    const { fromBlock, toBlock } = await span();
    // …and fills until a little after it, so a quote of the window filled just after counts as filled.
    const after = await blockAtOrBeforeMs(ctx.client, window.toMs + grace, ctx.blockPoints);
    if (isEmpty({ fromBlock, toBlock: after && after.number > toBlock ? after.number : toBlock })) {
      return [];
    }
    return readChainFills(
      ctx,
      { fromBlock, toBlock: after && after.number > toBlock ? after.number : toBlock },
      await quoteLog()
    );
  });
  const walletTxs = once(async () => {
    const s = await span();
    return isEmpty(s) ? [] : readWalletTransactions(ctx, s);
  });
  const hedge = once(async () => {
    const all = await blocks();
    return readHedgeStates(ctx, all[0]?.timeMs ?? window.fromMs, window.toMs);
  });

  // State is read only from where the contracts that value it exist (deployedFrom.ts); events are not
  // cut, so the fills of the whole window still count.
  const valuedBlocks = once(async () => {
    const all = await blocks();
    if (all.length === 0) {
      return all;
    }
    const first = await stateStart(ctx, all[0].number, all[all.length - 1].number);
    return all.filter((b) => b.number >= first);
  });
  const snapshotsOnce = once(async () => {
    // The blocks first: a range ending before the contracts existed fails there with why, rather than
    // at the venues' read with "no contract at" an address that is right.
    const valued = await valuedBlocks();
    const read = await venues();
    const firsts =
      valued.length === 0
        ? new Map<string, bigint>()
        : await venueFirstBlocks(ctx, read, valued[0].number, valued[valued.length - 1].number);
    return readSnapshots(ctx, (block) => venuesAt(read, firsts, block), valued, pricesAt, await hedge());
  });

  const [
    snapshots,
    rfqs,
    fills,
    settlements,
    txs,
    flashLoans,
    debtFlows,
    rebalances,
    hedgePnl,
    baseFees,
    priceHistory,
    probes,
  ] = await Promise.all([
    settle(wants('snapshots'), snapshotsOnce, []),
    settle(
      wants('rfqs'),
      async () => toRfqs(await quoteLog(), wants('fills') ? await chainFills().catch(() => []) : []),
      []
    ),
    settle(wants('fills'), async () => toFills(ctx, await chainFills(), await quoteLog(), pricesAt), []),
    settle(
      wants('settlements'),
      async () => {
        const known = timeOfBlock(await blocks());
        return toSettlements(
          ctx,
          await quoteLog(),
          await walletTxs(),
          async (b) => (await blockRefs([b])).get(b)?.timeMs ?? known(b)
        );
      },
      []
    ),
    settle(wants('walletTxs'), async () => toWalletTxs(ctx, await walletTxs(), pricesAt), []),
    settle(
      wants('flashLoans'),
      async () => (isEmpty(await span()) ? [] : readFlashLoans(ctx, await venues(), await span(), blockRefs, pricesAt)),
      []
    ),
    settle(
      wants('debtFlows'),
      async () => (isEmpty(await span()) ? [] : readDebtFlows(ctx, await venues(), await span(), blockRefs)),
      []
    ),
    settle(wants('rebalances'), async () => toRebalances(ctx, await walletTxs()), []),
    settle(
      wants('hedgePnl'),
      async () => {
        const { before, states } = await hedge();
        return hedgePnlEntries(states, before);
      },
      []
    ),
    settle(wants('baseFees'), () => readBaseFees(ctx, window, blockRefs), []),
    settle(wants('priceHistory'), async () => readPriceHistory(ctx, await snapshotsOnce(), window, pricesAt), []),
    settle(wants('nodes', 'endpoints'), () => readProbes(ctx), { nodes: [], endpoints: [] }),
  ]);
  return {
    window,
    assets: ctx.assets,
    snapshots,
    rfqs,
    fills,
    settlements,
    walletTxs: txs,
    flashLoans,
    debtFlows,
    rebalances,
    hedgePnl,
    baseFees,
    priceHistory,
    nodes: probes instanceof PmmError ? probes : probes.nodes,
    endpoints: probes instanceof PmmError ? probes : probes.endpoints,
    var: { windowDays: options.varWindowDays, confidence: options.varConfidence },
    gasWindowMs: options.gasWindowMs,
  };
}

function toRfqs(log: readonly QuoteLogRfq[], chainFills: readonly ChainFill[]): Rfq[] {
  const filled = new Set(chainFills.map((f) => f.orderHash.toLowerCase()));
  return log.map((r) => ({
    id: r.id,
    base: r.base,
    quote: r.quote,
    receivedAtMs: r.receivedAtMs,
    quotedAtMs: r.quotedAtMs,
    error: r.error,
    price: r.price,
    accepted: r.accepted,
    filled: r.orderHash !== null && filled.has(r.orderHash.toLowerCase()),
  }));
}

/**
 * Base fees of the blocks from 24 h before the window to its end (each point's volatility looks back
 * 24 h), from eth_feeHistory pages; block times interpolated between the span's two ends' headers
 * and every header in between that is known (exact on evenly spaced chains).
 */
async function readBaseFees(
  ctx: GatherContext,
  window: Window,
  blockRefs: (numbers: readonly bigint[]) => Promise<Map<bigint, BlockRef>>
): Promise<BaseFee[]> {
  const start = await blockAtOrBeforeMs(ctx.client, window.fromMs - ctx.options.gasWindowMs, ctx.blockPoints);
  const end = await blockAtOrBeforeMs(ctx.client, window.toMs, ctx.blockPoints);
  if (!end) {
    return [];
  }
  const from = start ? start.number : 0n;
  const fees = await baseFeesBetween(ctx.client, from, end.number);
  const count = Number(end.number - from) + 1;
  // Every header when few enough (exact times), else the two ends (interpolated).
  const numbers =
    count <= ctx.options.maxStateBlocks
      ? Array.from({ length: count }, (_, i) => from + BigInt(i))
      : [from, end.number];
  const time = timeOfBlock([...(await blockRefs(numbers)).values()]);
  return fees.map((f) => ({ timeMs: time(f.block), wei: Number(f.baseFeePerGas) }));
}
