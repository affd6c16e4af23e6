/**
 * The engine as the backend, the CLI, provisioning and the tests see it: the engine itself (created
 * once per data source, answering KPI and event queries), the shapes of its answers, and the few
 * source reads the backend's health check and resources make on their own. Nothing outside
 * pkg/engine imports an inner file (eslint.config.mjs holds that; pkg/bench may, to measure parts).
 */
export { createEngine } from './engine';
export { isCancelled, queryCancelled } from './concurrency/cancel';
export type { CreateEngineOptions, Engine, EngineAnswer, EngineQuery } from './engine';
export type { KpiOutcome, SeriesPoint } from './evaluate/evaluate';
export type { EventsAnswer, EventsQuery } from './events/readEvents';
export type { PmmEvent } from './events/types';
export type { BlockCacheStats } from './cache/blockCache';

// The data source's settings as the sources take them.
export { nodeUrl, rpcNodes } from './gather/sourcesConfig';
export type { Secrets } from './gather/sourcesConfig';
export { MAX_SAMPLE_POINTS, samplePoints } from './time/sampleBlocks';

// Sources the backend asks directly (health check, resources).
export { createRpcClient } from './sources/rpc/rpcClient';
export type { RpcClient } from './sources/rpc/rpcClient';
export { withRpcErrors } from './sources/rpc/rpcError';
export { getAaveReserves, getCometMarket, getFeedPrices, getTokenInfo } from './sources/chain';
export { HttpSourceError } from './sources/http';
export type { FetchJsonDependencies } from './sources/http';
export { askNode } from './sources/probes';
export {
  getDuneLatestResult,
  getHedgeAccount,
  getQuoteLog,
  getSimplePrices,
  probeRfq,
  runDuneQuery,
} from './sources/offchain';
export type { DuneCell, DuneColumn, DuneRow, GetDuneLatestResultReturnType } from './sources/offchain';
