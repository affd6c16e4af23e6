/**
 * The engine's face: created once per data source from its settings and secrets, it answers a
 * Grafana-like query (range, max data points, interval, KPIs) with every KPI's value, state and series,
 * computed straight from the sources, and the events of a range for the annotations. One block cache,
 * one set of known block times, the token decimals and where contracts were deployed are shared by all
 * its queries, KPI and event alike.
 */
import type { Address } from 'viem';

import { KPIS, findKpi, type KpiDefinition } from '../../src/core/catalogue';
import { PmmError } from '../../src/core/errors';
import type { PmmSettings } from '../../src/core/settings/types';
import { validateSettings } from '../../src/core/settings/validate';
import { throwIfCancelled } from './concurrency/cancel';
import { createQueryGate } from './concurrency/queryGate';
import { createBlockCache, type BlockCache, type BlockCacheStats } from './cache/blockCache';
import { createSharedWork, type SharedWork, type SharedWorkStats } from './cache/sharedWork';
import { evaluateAll, evaluateSeries, type KpiOutcome, type SeriesPoint } from './evaluate/evaluate';
import { readEvents, type EventsAnswer, type EventsQuery } from './events/readEvents';
import { createChartStore } from './gather/chartStore';
import { DEFAULT_GATHER_OPTIONS, type GatherContext, type GatherOptions } from './gather/context';
import { queryBlockReader } from './gather/stateBlocks';
import { createKnownSince } from './gather/deployment/knownSince';
import { asPmmError } from './gather/asPmmError';
import { gatherDataset, measuresNow, partsRead } from './gather/gather';
import { createQueryReads } from './gather/queryReads';
import { resolveAssets, resolveWallets, rpcNodes, type Secrets } from './gather/sourcesConfig';
import type { Dataset, Window } from './model';
import { getTokenInfo } from './sources/chain';
import { cancellableHttp, type FetchJsonDependencies } from './sources/http';
import type { ChainReadsStats } from './sources/rpc/chainReads';
import { cancellableClient, chainReadsOf, createRpcClient, type RpcClient } from './sources/rpc/rpcClient';
import { createBlockPoints } from './time/blockPoints';
import { rangeEndsNow } from './time/rangeEndsNow';
import { samplePoints } from './time/sampleBlocks';

export interface EngineQuery {
  fromMs: number;
  toMs: number;
  maxDataPoints: number;
  intervalMs: number;
  /** Catalogue ids; default every KPI. */
  kpis?: readonly string[];
  /** Also compute each KPI's series at the range's sample points. Default true. */
  series?: boolean;
}

export interface EngineAnswer {
  window: Window;
  points: number[];
  outcomes: KpiOutcome[];
  /** By KPI id, when asked for. */
  series: Map<string, SeriesPoint[]>;
}

export interface Engine {
  /**
   * Once `signal` aborts (the caller cancelled), the query starts no further read and rejects with
   * the cancellation (concurrency/cancel.ts; a joined query stops when all its callers cancelled);
   * what it read stays in the caches.
   */
  query(query: EngineQuery, signal?: AbortSignal): Promise<EngineAnswer>;
  /** The events of a range (the annotation query), each kind answering or failing on its own; cancelled as `query` is. */
  events(query: EventsQuery, signal?: AbortSignal): Promise<EventsAnswer>;
  cacheStats(): BlockCacheStats;
  /** What queries shared (cache/sharedWork.ts): chain reads of the same blocks, datasets of the same question. */
  sharedStats(): { reads: SharedWorkStats; datasets: SharedWorkStats };
  /** The client's store of unchanging JSON-RPC answers, when it keeps one (sources/rpc/chainReads.ts). */
  chainReadStats(): ChainReadsStats | undefined;
  readonly client: RpcClient;
}

export interface CreateEngineOptions {
  /** The JSON-RPC client; default one over the settings' nodes (the bench injects a naive one). */
  client?: RpcClient;
  http?: FetchJsonDependencies;
  cache?: BlockCache;
  /** Chain reads shared between queries; default a store of its own (cache/sharedWork.ts). */
  shared?: SharedWork;
  /** Datasets shared between queries asking the same question; default a store of its own. */
  datasets?: SharedWork;
  options?: Partial<GatherOptions>;
  /** Most queries computed at once; more wait (see concurrency/queryGate.ts). Default 2. */
  queriesInFlight?: number;
  /** The clock that says whether a range ends now (time/rangeEndsNow.ts); default Date.now. */
  now?: () => number;
}

/**
 * Datasets kept: those of the last few questions asked (an alert tick asks a handful: one per range and
 * set of parts), in a budget well inside the backend's memory goal (a month's dataset is a few MB).
 */
const DATASETS_KEPT = { maxEntries: 16, maxBytes: 12 * 1024 * 1024 };

function kpisOf(ids: readonly string[] | undefined): KpiDefinition[] {
  if (!ids || ids.length === 0) {
    return [...KPIS];
  }
  return ids.map((id) => {
    const kpi = findKpi(id);
    if (!kpi) {
      throw new PmmError('query', `unknown KPI "${id}"`, { fix: `use one of: ${KPIS.map((k) => k.id).join(', ')}` });
    }
    return kpi;
  });
}

export function createEngine(settings: PmmSettings, secrets: Secrets = {}, create: CreateEngineOptions = {}): Engine {
  const problems = validateSettings(settings);
  if (problems.length > 0) {
    throw new PmmError('settings', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      fix: "correct the data source's settings",
    });
  }
  const client = create.client ?? createRpcClient({ nodes: rpcNodes(settings, secrets) });
  const cache = create.cache ?? createBlockCache();
  const shared = create.shared ?? createSharedWork();
  const datasets = create.datasets ?? createSharedWork(DATASETS_KEPT);
  const blockPoints = createBlockPoints();
  const wallets = resolveWallets(settings);
  const options = { ...DEFAULT_GATHER_OPTIONS, ...create.options };
  // Token decimals never change: read once, and again only after a failure.
  let decimals: Promise<Map<Address, number>> | undefined;
  const readDecimals = () => {
    decimals ??= getTokenInfo(client, { tokens: settings.assets.map((a) => a.address as Address) }).then(
      (entries) => {
        const failure = entries.find((e) => e.status === 'failure');
        if (failure?.error) {
          throw failure.error;
        }
        return new Map(entries.flatMap((e) => (e.status === 'success' ? [[e.token, e.decimals] as const] : [])));
      },
      (error: unknown) => {
        decimals = undefined;
        throw error;
      }
    );
    return decimals;
  };

  const gate = createQueryGate(create.queriesInFlight ?? 2);
  const deployments = createKnownSince();
  const charts = createChartStore();

  /**
   * The gathering context of one query, with the decimals as far as they could be read; its client
   * and its HTTP transport refuse every request once `signal` aborts. A read it shares runs in a
   * context of its own, stopped only when every query waiting for it has been cancelled.
   */
  const contextFor = async (signal: AbortSignal | undefined): Promise<GatherContext> => {
    const queryClient = cancellableClient(client, signal);
    let decimalsRead: Map<Address, number> = new Map();
    let assetsUnavailable: PmmError | undefined;
    try {
      decimalsRead = await readDecimals();
    } catch (error) {
      assetsUnavailable = asPmmError(error, 'erc20');
    }
    throwIfCancelled(signal);
    return {
      settings,
      secrets,
      client: queryClient,
      assets: resolveAssets(settings, decimalsRead),
      wallets,
      cache,
      blockPoints,
      blocks: queryBlockReader(queryClient),
      http: cancellableHttp(create.http ?? {}, signal),
      options,
      deployments,
      charts,
      assetsUnavailable,
      signal,
      share: (key, read) => shared.run(key, async (stop) => read(await contextFor(stop)), signal),
    };
  };

  /**
   * The dataset of a question: gathered, or shared with the queries that asked the same one (the same
   * window to the millisecond, the same parts, on the same chain: its head's hash) — an alert rule's
   * warning and critical queries, sent with the same evaluation time, and the KPIs of a rule group
   * that read the same parts. Not a range's (its series points are its own) nor a measurement of now.
   */
  const datasetOf = async (
    ctx: GatherContext,
    window: Window,
    seriesPoints: readonly number[],
    kpis: readonly KpiDefinition[],
    measuredNow: boolean
  ): Promise<Dataset> => {
    const ids = kpis.map((k) => k.id);
    const parts = partsRead(ids, measuredNow);
    if (seriesPoints.length > 0 || measuresNow(parts)) {
      return gatherDataset(ctx, window, seriesPoints, ids, measuredNow);
    }
    // Which chain the answer is of; without a node, each query gathers for itself (its parts that read
    // no chain still answer, and say so for those that do).
    const head = await ctx.blocks.head().catch(() => undefined);
    throwIfCancelled(ctx.signal);
    if (!head) {
      return gatherDataset(ctx, window, seriesPoints, ids, measuredNow);
    }
    const key = JSON.stringify([window.fromMs, window.toMs, [...parts].sort(), measuredNow, head.hash]);
    return datasets.run(
      key,
      async (stop) => gatherDataset(await contextFor(stop), window, [], ids, measuredNow),
      ctx.signal
    );
  };

  const answer = async (query: EngineQuery, signal: AbortSignal): Promise<EngineAnswer> => {
    const kpis = kpisOf(query.kpis);
    const window = { fromMs: query.fromMs, toMs: query.toMs };
    const points = samplePoints({ ...window, maxDataPoints: query.maxDataPoints, intervalMs: query.intervalMs });
    // Asked when the query arrives, not after gathering: "now" is the moment the user asked about.
    const measuredNow = rangeEndsNow(window, (create.now ?? Date.now)());
    const ctx = await contextFor(signal);
    const data = await datasetOf(ctx, window, query.series === false ? [] : points, kpis, measuredNow);
    const overrides = settings.bandOverrides ?? {};
    const series = new Map<string, SeriesPoint[]>();
    if (query.series !== false) {
      for (const kpi of kpis) {
        series.set(kpi.id, evaluateSeries(kpi, data, window, points, overrides));
      }
    }
    return { window, points, outcomes: evaluateAll(data, window, overrides, kpis), series };
  };

  const query = (asked: EngineQuery, signal?: AbortSignal): Promise<EngineAnswer> =>
    // A joined query shares its answer object: readers must not change it.
    gate.run(
      JSON.stringify([asked.fromMs, asked.toMs, asked.maxDataPoints, asked.intervalMs, asked.kpis, asked.series]),
      (stop) => answer(asked, stop),
      signal
    );

  // Not through the gate itself: its buffer breaches are a KPI query, which is.
  const events = async (eventsQuery: EventsQuery, signal?: AbortSignal): Promise<EventsAnswer> => {
    const ctx = await contextFor(signal);
    const window = { fromMs: eventsQuery.fromMs, toMs: eventsQuery.toMs };
    // Events count inside the window only: no quotes before it nor fills after it are looked for.
    const reads = createQueryReads(ctx, window, { points: [], readsState: false, graceMs: 0, pricesSpan: window });
    const kpiSeries = async (kpiId: string) => {
      const { fromMs, toMs, maxDataPoints, intervalMs } = eventsQuery;
      const answered = await query({ fromMs, toMs, maxDataPoints, intervalMs, kpis: [kpiId], series: true }, signal);
      return { outcome: answered.outcomes[0], points: answered.series.get(kpiId) ?? [] };
    };
    const answered = await readEvents({ ctx, reads, kpiSeries }, eventsQuery);
    // Each kind keeps its own failure: a cancelled read is the whole answer's.
    throwIfCancelled(signal);
    return answered;
  };

  return {
    client,
    cacheStats: () => cache.stats(),
    sharedStats: () => ({ reads: shared.stats(), datasets: datasets.stats() }),
    chainReadStats: () => chainReadsOf(client)?.stats(),
    query,
    events,
  };
}
