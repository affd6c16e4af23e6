/**
 * What is measured when the query runs: each RPC node's head, sync state and round trip (node health),
 * and the round trip of a cheap call to every configured endpoint (network latency). Each node is
 * asked on its own, never through the failover client, so a dead node shows as dead instead of being
 * hidden by the next one. Errors name the node or endpoint, never its URL (which may hold a key).
 */
import type { PmmSourceId } from '../../../src/core/errors';
import { fetchJson, HttpSourceError } from '../sources/http';
import type { EndpointProbe, NodeProbe } from '../model';

export interface ProbeTarget {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

/** An off-chain endpoint, named by its source (quote-log, hedge-venue, coingecko). */
export interface EndpointTarget extends ProbeTarget {
  name: PmmSourceId;
}

export interface ProbeDependencies {
  fetch?: typeof fetch;
  now?: () => number;
}

const PROBE_TIMEOUT_MS = 5_000;

function reasonOf(error: unknown): string {
  if (error instanceof HttpSourceError) {
    return error.status !== undefined ? `HTTP ${error.status}` : error.reason;
  }
  return error instanceof Error ? error.message : String(error);
}

interface RpcAnswer {
  id: number;
  result?: unknown;
  error?: { message?: string };
}

function parseBatch(json: unknown): RpcAnswer[] {
  if (!Array.isArray(json)) {
    throw new Error('the node did not answer the batch with an array');
  }
  return json as RpcAnswer[];
}

export async function probeNode(node: ProbeTarget, deps: ProbeDependencies = {}): Promise<NodeProbe> {
  const now = deps.now ?? performance.now.bind(performance);
  const started = now();
  try {
    const answers = await fetchJson(
      {
        source: `rpc:${node.name}`,
        url: node.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...node.headers },
        body: JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] },
          { jsonrpc: '2.0', id: 2, method: 'eth_syncing', params: [] },
        ]),
        timeoutMs: PROBE_TIMEOUT_MS,
        deadlineMs: PROBE_TIMEOUT_MS,
        retries: 0,
        parse: parseBatch,
      },
      { fetch: deps.fetch }
    );
    const roundTripMs = now() - started;
    const head = answers.find((a) => a.id === 1)?.result;
    const syncing = answers.find((a) => a.id === 2)?.result;
    if (typeof head !== 'string') {
      return { node: node.name, head: null, syncing: false, roundTripMs: null, error: 'no block number in the answer' };
    }
    return { node: node.name, head: BigInt(head), syncing: syncing !== false && syncing !== undefined, roundTripMs };
  } catch (error) {
    return { node: node.name, head: null, syncing: false, roundTripMs: null, error: reasonOf(error) };
  }
}

/** A GET whose answer only has to arrive: any HTTP answer below 500 means the endpoint is up. */
export async function probeEndpoint(target: EndpointTarget, deps: ProbeDependencies = {}): Promise<EndpointProbe> {
  const now = deps.now ?? performance.now.bind(performance);
  const started = now();
  try {
    await fetchJson(
      { source: target.name, url: target.url, headers: target.headers, timeoutMs: PROBE_TIMEOUT_MS, retries: 0 },
      { fetch: deps.fetch }
    );
    return { endpoint: target.name, roundTripMs: now() - started };
  } catch (error) {
    if (error instanceof HttpSourceError && error.status !== undefined && error.status < 500) {
      return { endpoint: target.name, roundTripMs: now() - started };
    }
    return { endpoint: target.name, roundTripMs: null, error: reasonOf(error) };
  }
}
