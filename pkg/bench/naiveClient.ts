/**
 * The naive implementation `npm run bench` measures the engine against: the same KPI code, but over a
 * client that sends one eth_call per value (every Multicall3 aggregate3 the engine would send is
 * unfolded into its calls, each its own HTTP request), no JSON-RPC batching, and no block cache. So
 * the comparison isolates what batching, Multicall3 and the cache buy.
 */
import {
  createPublicClient,
  decodeFunctionData,
  encodeFunctionResult,
  http,
  isAddressEqual,
  multicall3Abi,
  type Address,
  type Hex,
  type Transport,
} from 'viem';

import type { BlockCache } from '../engine/cache/blockCache';
import { MULTICALL3, type RpcClient } from '../engine/sources/rpc/rpcClient';

interface CallParams {
  to?: Address;
  data?: Hex;
}

/** At most `limit` requests in flight: a naive client still has to keep its sockets. */
function limited(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(run: () => Promise<T>): Promise<T> => {
    if (active >= limit) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const NAIVE_CONCURRENCY = 8;

function unfoldingMulticall(base: Transport): Transport {
  return (options) => {
    const raw = base(options);
    const slot = limited(NAIVE_CONCURRENCY);
    const inner = { request: (args: { method: string; params?: unknown }) => slot(() => raw.request(args)) };
    const request = async (args: { method: string; params?: unknown }): Promise<unknown> => {
      const params = Array.isArray(args.params) ? (args.params as unknown[]) : [];
      const call = params[0] as CallParams | undefined;
      if (args.method !== 'eth_call' || !call?.to || !call.data || !isAddressEqual(call.to, MULTICALL3)) {
        return inner.request(args);
      }
      const { functionName, args: callArgs } = decodeFunctionData({ abi: multicall3Abi, data: call.data });
      if (functionName !== 'aggregate3') {
        return inner.request(args);
      }
      const [calls] = callArgs as readonly [ReadonlyArray<{ target: Address; callData: Hex }>];
      const results = await Promise.all(
        calls.map(async ({ target, callData }) => {
          try {
            const data = (await inner.request({
              method: 'eth_call',
              params: [{ to: target, data: callData }, params[1]],
            })) as Hex;
            return { success: true, returnData: data };
          } catch {
            return { success: false, returnData: '0x' as Hex };
          }
        })
      );
      return encodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', result: results });
    };
    return { ...raw, request } as ReturnType<Transport>;
  };
}

export function naiveClient(url: string): RpcClient {
  return createPublicClient({
    chain: {
      id: 1,
      name: 'EVM',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [url] } },
      contracts: { multicall3: { address: MULTICALL3 } },
    },
    // Retries as the engine's client has them: a transient socket error must not end the naive run.
    transport: unfoldingMulticall(http(url, { batch: false, retryCount: 3, timeout: 60_000 })),
  }) as unknown as RpcClient;
}

/** A cache that keeps nothing: every read goes to the node. */
export function noCache(): BlockCache {
  let misses = 0;
  return {
    get: (_hash, _key, load) => {
      misses++;
      return load();
    },
    stats: () => ({ hits: 0, misses, joins: 0, evictions: 0, oversized: 0, entries: 0, bytes: 0, inflight: 0 }),
    clear: () => undefined,
  };
}
