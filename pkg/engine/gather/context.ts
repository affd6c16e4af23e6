/** Everything gathering needs for one data source: its client, resolved settings, caches and transport. */
import type { BlockReader } from '../time/blockAtTime';
import type { PmmError } from '../../../src/core/errors';
import type { PmmSettings } from '../../../src/core/settings/types';
import type { BlockCache } from '../cache/blockCache';
import type { FetchJsonDependencies } from '../sources/http';
import type { RpcClient } from '../sources/rpc/rpcClient';
import type { BlockPoints } from '../time/blockPoints';
import type { ChartStore } from './chartStore';
import type { KnownSince } from './deployment/knownSince';
import type { ResolvedAsset, ResolvedWallets, Secrets } from './sourcesConfig';

export interface GatherOptions {
  /** Most blocks whose state one query reads; a longer window is sampled evenly. Default 2,000. */
  maxStateBlocks: number;
  varWindowDays: number;
  varConfidence: number;
  /** VaR has no value with fewer daily returns than this (framework revision 2: 30). */
  varMinReturns: number;
  gasWindowMs: number;
  /** How long after a window's end a quote's fill is still looked for (fills follow quotes within a block or two). */
  fillGraceMs: number;
  /**
   * Most blocks whose state is being read at once (see concurrency/mapLimited.ts: more queued reads
   * only cost memory, the nodes' in-flight limits set the pace). Default 16: against 32, the backend's
   * peak over a 30-day query was 147–150 MiB instead of 147–159, for 10–12 s instead of 9 s on anvil.
   */
  blocksInFlight: number;
}

export const DEFAULT_GATHER_OPTIONS: GatherOptions = {
  maxStateBlocks: 2_000,
  varWindowDays: 90,
  varConfidence: 0.99,
  varMinReturns: 30,
  gasWindowMs: 24 * 3_600_000,
  fillGraceMs: 3_600_000,
  blocksInFlight: 16,
};

export interface GatherContext {
  settings: PmmSettings;
  secrets: Secrets;
  client: RpcClient;
  assets: ResolvedAsset[];
  wallets: ResolvedWallets;
  cache: BlockCache;
  blockPoints: BlockPoints;
  /** This query's block reader: the head read once per query (stateBlocks.ts queryBlockReader). */
  blocks: BlockReader;
  http: FetchJsonDependencies;
  options: GatherOptions;
  /** Where contracts and venues were seen deployed, across this data source's queries. */
  deployments: KnownSince;
  /** CoinGecko's charts kept across this data source's queries; without one each query reads its own. */
  charts?: ChartStore;
  /**
   * Why the assets could not be read (a wrong token address, a node down): every part that values
   * holdings or events fails with it, while the quote log, the probes and the base fees still answer.
   */
  assetsUnavailable?: PmmError;
  /**
   * Runs a chain read once for every query of the data source that asks the same key (shared.ts,
   * cache/sharedWork.ts), in a context of its own whose client is cancelled only when every query
   * waiting for it has been. Undefined: each query reads for itself.
   */
  share?: <T>(key: string, read: (ctx: GatherContext) => Promise<T>) => Promise<T>;
  /**
   * Aborts when the query's callers all cancelled: `client` then refuses every request, and gathering
   * stops between its stages (concurrency/cancel.ts). Undefined: the query cannot be cancelled.
   */
  signal?: AbortSignal;
}
