/**
 * Reads everything a query's KPIs need, each part from its sources, concurrently, and keeps a failed
 * part as its error (so only the KPIs that read it fail). Parts no requested KPI reads are not read.
 */
import type { PmmError } from '../../../src/core/errors';
import { DAY_MS } from '../../../src/core/time';
import { throwIfCancelled } from '../concurrency/cancel';
import { baseFeeColumns, type Dataset, type Window } from '../model';
import { toFills, toRebalances, toSettlements, toWalletTxs } from './activityParts';
import { asPmmError } from './asPmmError';
import { readBaseFees } from './baseFees';
import type { GatherContext } from './context';
import { stateStart } from './deployment/stateStart';
import { hedgePnlEntries } from './hedgePnl';
import { readDebtFlows, readFlashLoans } from './lendingEvents';
import { partsFor, type DatasetPart } from './needs';
import { lendingContracts, readPortfolioTransfers, type PortfolioTransfers } from './portfolioTransfers';
import { readPriceHistory } from './priceHistory';
import { readProbes, readRfqProbe } from './probeParts';
import { createQueryReads, once, type QueryReads } from './queryReads';
import { toRfqs } from './rfqs';
import { readSnapshots } from './snapshots';
import { isEmptySpan } from './stateBlocks';
import { timeOfBlock } from './timeOfBlock';
import { venueFirstBlocks, venuesAt } from './venues';

/** The parts measured when the query runs (probeParts.ts), read only when its range ends now. */
const MEASURED_NOW: readonly DatasetPart[] = ['nodes', 'endpoints', 'rfqProbe'];

/** How a part is read, and what it holds when no requested KPI reads it. */
interface PartReader<T> {
  read: () => Promise<T>;
  empty: T;
}

type PartReaders = { [P in DatasetPart]: PartReader<Exclude<Dataset[P], PmmError>> };
type SettledParts = { [P in DatasetPart]: Dataset[P] };

/** Every part's reader over one query's shared reads; `wants` tells which parts the query reads. */
function partReaders(
  ctx: GatherContext,
  window: Window,
  reads: QueryReads,
  wants: (part: DatasetPart) => boolean
): PartReaders {
  const { pricesAt, blocks, spanOrFail, blockRefs, venues, quoteLog, chainFills, walletTxs, hedge } = reads;

  // State is read only from where the contracts that value it exist (deployment/stateStart.ts);
  // events are not cut, so the fills of the whole window still count.
  const valuedBlocks = once(async () => {
    const all = await blocks();
    if (all.length === 0) {
      return all;
    }
    const first = await stateStart(ctx, all[0].number, all[all.length - 1].number);
    return all.filter((b) => b.number >= first);
  });
  const snapshots = once(async () => {
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
  const probes = once(() => readProbes(ctx));
  const portfolioTransfers = once(async (): Promise<PortfolioTransfers> => {
    const span = await spanOrFail();
    return isEmptySpan(span)
      ? { externalFlows: [], venueDeposits: [] }
      : readPortfolioTransfers(ctx, await venues(), span, blockRefs, pricesAt);
  });

  return {
    snapshots: { read: snapshots, empty: [] },
    rfqs: {
      read: async () => toRfqs(await quoteLog(), wants('fills') ? await chainFills().catch(() => []) : []),
      empty: [],
    },
    fills: { read: async () => toFills(ctx, await chainFills(), await quoteLog(), pricesAt), empty: [] },
    settlements: {
      read: async () => {
        const known = timeOfBlock(await blocks());
        return toSettlements(
          ctx,
          await quoteLog(),
          await walletTxs(),
          async (b) => (await blockRefs([b])).get(b)?.timeMs ?? known(b)
        );
      },
      empty: [],
    },
    walletTxs: { read: async () => toWalletTxs(ctx, await walletTxs(), pricesAt), empty: [] },
    flashLoans: {
      read: async () => {
        const span = await spanOrFail();
        return isEmptySpan(span) ? [] : readFlashLoans(ctx, await venues(), span, blockRefs, pricesAt);
      },
      empty: [],
    },
    debtFlows: {
      read: async () => {
        const span = await spanOrFail();
        return isEmptySpan(span) ? [] : readDebtFlows(ctx, await venues(), span, blockRefs);
      },
      empty: [],
    },
    rebalances: {
      read: async () =>
        toRebalances(
          ctx,
          await walletTxs(),
          lendingContracts(await venues()),
          ctx.settings.venues.hedge?.depositAddress?.toLowerCase()
        ),
      empty: [],
    },
    hedgePnl: {
      read: async () => {
        const { before, states } = await hedge();
        return hedgePnlEntries(states, before);
      },
      empty: [],
    },
    baseFees: { read: () => readBaseFees(ctx, window, blockRefs), empty: baseFeeColumns([]) },
    priceHistory: { read: async () => readPriceHistory(ctx, await snapshots(), window, pricesAt), empty: [] },
    externalFlows: { read: async () => (await portfolioTransfers()).externalFlows, empty: [] },
    venueDeposits: { read: async () => (await portfolioTransfers()).venueDeposits, empty: [] },
    nodes: { read: async () => (await probes()).nodes, empty: [] },
    endpoints: { read: async () => (await probes()).endpoints, empty: [] },
    rfqProbe: { read: () => readRfqProbe(ctx), empty: null },
  };
}

async function settle(
  wanted: boolean,
  { read, empty }: PartReader<unknown>,
  signal: AbortSignal | undefined
): Promise<unknown> {
  if (!wanted) {
    return empty;
  }
  try {
    throwIfCancelled(signal);
    return await read();
  } catch (error) {
    return asPmmError(error);
  }
}

/**
 * Every part, read when wanted, concurrently; each holds its value or its failure. A cancelled query
 * rejects with its cancellation once every part has stopped (their reads refused), not with a part's
 * failure.
 */
async function settleParts(
  readers: PartReaders,
  wanted: ReadonlySet<DatasetPart>,
  signal: AbortSignal | undefined
): Promise<SettledParts> {
  const names = Object.keys(readers) as DatasetPart[];
  const settled = await Promise.all(
    names.map(async (name) => [name, await settle(wanted.has(name), readers[name], signal)])
  );
  throwIfCancelled(signal);
  // fromEntries forgets which key holds what: each entry is its own part's value or failure.
  return Object.fromEntries(settled) as SettledParts;
}

/** The parts a query of these KPIs reads. */
export function partsRead(kpiIds: readonly string[], measuredNow: boolean): Set<DatasetPart> {
  const parts = partsFor(kpiIds);
  if (!measuredNow) {
    // A measurement of now is no value for a range that ended earlier: not measured at all.
    MEASURED_NOW.forEach((part) => parts.delete(part));
  }
  return parts;
}

/** Whether a query reading these parts measures now (a measurement is never another query's answer). */
export const measuresNow = (parts: ReadonlySet<DatasetPart>): boolean => MEASURED_NOW.some((part) => parts.has(part));

export async function gatherDataset(
  ctx: GatherContext,
  window: Window,
  points: readonly number[],
  kpiIds: readonly string[],
  measuredNow = true
): Promise<Dataset> {
  const parts = partsRead(kpiIds, measuredNow);
  const { options } = ctx;
  const reads = createQueryReads(ctx, window, {
    points,
    readsState: parts.has('snapshots'),
    graceMs: options.fillGraceMs,
    // Prices are needed from the VaR look-back before the window to a fill shortly after it.
    pricesSpan: {
      fromMs: Math.min(window.fromMs, window.toMs - options.varWindowDays * DAY_MS),
      toMs: window.toMs + options.fillGraceMs,
    },
  });
  const settled = await settleParts(
    partReaders(ctx, window, reads, (part) => parts.has(part)),
    parts,
    ctx.signal
  );
  return {
    window,
    assets: ctx.assets,
    ...settled,
    // Every part has settled: the prices they were valued at are all read.
    priceFlags: reads.priceFlags(),
    var: { windowDays: options.varWindowDays, confidence: options.varConfidence, minReturns: options.varMinReturns },
    gasWindowMs: options.gasWindowMs,
    measuredNow,
  };
}
