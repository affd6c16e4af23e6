/**
 * One query's view of the HTTP transport: once `signal` aborts (the query was cancelled), no request
 * is sent and no retry waits; a request already sent finishes (its answer may be kept for another
 * query: CoinGecko's charts are, gather/chartStore.ts). As rpcClient.ts's cancellableClient for JSON-RPC.
 */
import { queryCancelled } from '../../concurrency/cancel';
import type { FetchJsonDependencies } from './fetchJson';

export function cancellableHttp(deps: FetchJsonDependencies, signal: AbortSignal | undefined): FetchJsonDependencies {
  if (!signal) {
    return deps;
  }
  const send = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const wait = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    ...deps,
    fetch: (input, init) => (signal.aborted ? Promise.reject(queryCancelled()) : send(input, init)),
    sleep: (ms) => (signal.aborted ? Promise.reject(queryCancelled()) : wait(ms)),
  };
}
