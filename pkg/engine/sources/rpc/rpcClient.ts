/**
 * The one way the engine talks to Ethereum nodes: a viem PublicClient over the configured nodes in
 * order. A dead node fails over to the next within the same call, JSON-RPC batching is sized per node
 * (providers cap batches differently) and eth_calls fold into Multicall3, so a KPI reading hundreds of
 * balances at a past block costs one or two HTTP round trips.
 */
import {
  createPublicClient,
  getAddress,
  http,
  type Address,
  type Chain,
  type EIP1193RequestFn,
  type PublicClient,
  type Transport,
} from 'viem';

import { PmmError } from '../../../../src/core/errors';
import { throwIfCancelled } from '../../concurrency/cancel';
import { createChainReads, withChainReads, type ChainReads } from './chainReads';
import { failover } from './failover';
import { nodeFetch } from './nodeFetch';

/** Multicall3's canonical address: deployed at the same address on every EVM chain we serve. */
export const MULTICALL3: Address = getAddress('0xcA11bde05977b3631167028862bE2a173976CA11');

export interface RpcNodeConfig {
  /** Shown in errors and health checks instead of the URL, which may hold an API key. */
  name: string;
  url: string;
  /** Requests per HTTP batch (Alchemy 1,000, Moralis 20). Default 100. */
  batchSize?: number;
  /** HTTP requests in flight to this node at once. Default 4. */
  maxConcurrent?: number;
}

export interface CreateRpcClientParameters {
  /** In order of preference: a call goes to the first node that answers. */
  nodes: readonly RpcNodeConfig[];
  /** Per HTTP request, per node. Default 10,000. */
  timeoutMs?: number;
  /** Retries of a transient failure (429, 5xx, dropped connection, broken body) on the same node; a timeout fails over at once. Default 1. */
  retryCount?: number;
  /** The longest Retry-After a node may ask for before it counts as down. Default 2,000. */
  maxRetryAfterMs?: number;
  /** How long a node that failed is skipped (every call fails at once while all are). Default 15,000. */
  cooldownMs?: number;
  multicallAddress?: Address;
  /** Only chain-specific formatters and contracts matter for reads; default: a generic EVM chain. */
  chain?: Chain;
  /**
   * Answers that cannot change, kept across every call of this client (chainReads.ts). Default: a
   * store of its own; false: none (every call reaches a node, as the bench's naive reader wants).
   */
  chainReads?: ChainReads | false;
}

export type RpcClient = PublicClient<Transport, Chain>;

export type CreateRpcClientErrorType = PmmError;

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_MAX_CONCURRENT = 4;
/** viem's own timeout also counts the wait for a slot: it only stops a request that never returns. */
const QUEUE_ALLOWANCE = 10;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_COUNT = 1;

/** The chain id is never sent with a read; the product reads it from the node when it needs it. */
const GENERIC_CHAIN: Chain = {
  id: 1,
  name: 'EVM',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [] } },
};

/**
 * Nodes of each client, so error wrapping can map a failing URL back to its node's name without the
 * name ever travelling inside viem (whose errors print the URL).
 */
const nodesOfClient = new WeakMap<object, readonly RpcNodeConfig[]>();

export function rpcNodesOf(client: object): readonly RpcNodeConfig[] {
  return nodesOfClient.get(client) ?? [];
}

const readsOfClient = new WeakMap<object, ChainReads>();

/** The store of unchanging answers a client keeps, if it keeps one (for its statistics). */
export function chainReadsOf(client: object): ChainReads | undefined {
  return readsOfClient.get(client);
}

export function createRpcClient(parameters: CreateRpcClientParameters): RpcClient {
  const { nodes, timeoutMs = DEFAULT_TIMEOUT_MS, retryCount = DEFAULT_RETRY_COUNT } = parameters;
  validateNodes(nodes);
  const chain = parameters.chain ?? GENERIC_CHAIN;
  const transports = nodes.map((node) =>
    http(node.url, {
      batch: { batchSize: node.batchSize ?? DEFAULT_BATCH_SIZE },
      fetchFn: nodeFetch({
        maxConcurrent: node.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
        timeoutMs,
        retryCount,
        maxRetryAfterMs: parameters.maxRetryAfterMs,
      }),
      timeout: timeoutMs * QUEUE_ALLOWANCE * (retryCount + 1),
      // nodeFetch retries (with a bounded Retry-After); viem's own retries would wait as long as a node asks.
      retryCount: 0,
      key: node.name,
      name: node.name,
    })
  );
  const nodesTransport = failover(transports, { cooldownMs: parameters.cooldownMs });
  const reads = parameters.chainReads === undefined ? createChainReads() : parameters.chainReads;
  const client = createPublicClient({
    // No blockCreated: a read before Multicall3 existed reverts at the node rather than being refused
    // by viem, which would need every chain's deployment block configured.
    chain: {
      ...chain,
      contracts: { ...chain.contracts, multicall3: { address: parameters.multicallAddress ?? MULTICALL3 } },
    },
    // The configured order, except that a node which just failed waits at the back for a while; what
    // cannot change is answered from memory before any node is asked.
    transport: reads ? withChainReads(nodesTransport, reads) : nodesTransport,
    batch: { multicall: true },
  });
  nodesOfClient.set(client, nodes);
  if (reads) {
    readsOfClient.set(client, reads);
  }
  return client;
}

/**
 * One query's view of a data source's client: every request goes to `client` (its nodes, batches and
 * kept answers), unless `signal` has aborted, when it is refused with the query's cancellation before
 * anything is sent. The one place a cancelled query stops reading the chain: every source reads
 * through its context's client. Its own Multicall3 batching (viem's, and aggregate3Scheduler's, which
 * are per client) holds this query's calls only, so a cancelled query never fails another's.
 */
export function cancellableClient(client: RpcClient, signal: AbortSignal | undefined): RpcClient {
  if (!signal) {
    return client;
  }
  const shared = client.request as (args: unknown, options?: unknown) => Promise<unknown>;
  const request = ((args: unknown, options?: unknown) => {
    try {
      throwIfCancelled(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    return shared(args, options);
  }) as unknown as EIP1193RequestFn;
  const guarded: Transport = () => ({
    // Not through viem's createTransport: its retries and error mapping already ran in `client`.
    config: {
      key: 'cancellable',
      name: 'cancellable',
      type: 'cancellable',
      request,
      retryCount: 0,
      methods: undefined,
    },
    request,
    value: {},
  });
  const query = createPublicClient({
    chain: client.chain,
    transport: guarded,
    batch: client.batch,
  });
  nodesOfClient.set(query, rpcNodesOf(client));
  const reads = chainReadsOf(client);
  if (reads) {
    readsOfClient.set(query, reads);
  }
  return query;
}

function validateNodes(nodes: readonly RpcNodeConfig[]): void {
  if (nodes.length === 0) {
    throw new PmmError('rpc', 'no RPC node is configured', { fix: 'add at least one node URL to the data source' });
  }
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.name)) {
      // Names are how errors tell nodes apart: two nodes with one name make an error ambiguous.
      throw new PmmError('rpc', `two RPC nodes are named "${node.name}"`, { fix: 'give each node its own name' });
    }
    seen.add(node.name);
    if (node.batchSize !== undefined && (!Number.isInteger(node.batchSize) || node.batchSize < 1)) {
      throw new PmmError(`rpc:${node.name}`, `batch size ${node.batchSize} is not a positive integer`, {
        fix: 'set the batch size to 1 or more (Alchemy allows 1,000, Moralis 20)',
      });
    }
  }
}
