import {
  createPublicClient,
  custom,
  decodeFunctionData,
  encodeFunctionResult,
  multicall3Abi,
  type Address,
  type Hex,
} from 'viem';
import { foundry } from 'viem/chains';

import type { RpcClient } from '../rpc/rpcClient';
import { MAX_CALLDATA_BYTES, aggregate3 } from './aggregate3Scheduler';

const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * A node whose Multicall3 answers each call with its own calldata (success unless the calldata is
 * `0xdead`), and which counts the eth_calls it receives, by block.
 */
function echoNode() {
  const ethCalls: string[] = [];
  const client = createPublicClient({
    chain: { ...foundry, contracts: { multicall3: { address: MULTICALL3 } } },
    transport: custom({
      async request({ method, params }: { method: string; params: [{ data: Hex }, string] }) {
        if (method !== 'eth_call') {
          throw new Error(`unexpected ${method}`);
        }
        ethCalls.push(params[1]);
        const { args } = decodeFunctionData({ abi: multicall3Abi, data: params[0].data });
        const calls = args[0] as ReadonlyArray<{ callData: Hex }>;
        return encodeFunctionResult({
          abi: multicall3Abi,
          functionName: 'aggregate3',
          result: calls.map((c) => ({ success: c.callData !== '0xdead', returnData: c.callData })),
        });
      },
    }),
  });
  return { client: client as unknown as RpcClient, ethCalls };
}

const callsOf = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    target: MULTICALL3,
    allowFailure: true,
    callData: `0x${prefix}${i.toString(16).padStart(4, '0')}` as Hex,
  }));

describe('aggregate3 scheduling', () => {
  it('sends the calls of one block asked in the same turn as one eth_call, and gives each asker its own', async () => {
    const node = echoNode();
    const [a, b, c] = await Promise.all([
      aggregate3(node.client, 100n, callsOf('aa', 3)),
      aggregate3(node.client, 100n, callsOf('bb', 2)),
      aggregate3(node.client, 101n, callsOf('cc', 1)),
    ]);
    expect(a).toEqual(callsOf('aa', 3).map((call) => ({ success: true, returnData: call.callData })));
    expect(b).toEqual(callsOf('bb', 2).map((call) => ({ success: true, returnData: call.callData })));
    expect(c).toEqual([{ success: true, returnData: '0xcc0000' }]);
    expect(node.ethCalls.sort()).toEqual(['0x64', '0x65']);
  });

  it(`cuts a block's calls into chunks of at most ${MAX_CALLDATA_BYTES} bytes of calldata, in order`, async () => {
    const node = echoNode();
    // 3 bytes of calldata each: 1,000 calls are 3,000 bytes, so three chunks.
    const calls = callsOf('ee', 1_000);
    const outcomes = await aggregate3(node.client, 7n, calls);
    expect(outcomes.map((o) => ('returnData' in o ? o.returnData : undefined))).toEqual(calls.map((c) => c.callData));
    expect(node.ethCalls).toHaveLength(Math.ceil((1_000 * 3) / MAX_CALLDATA_BYTES));
  });

  it('keeps a failed call to its entry, and a failed eth_call to the calls it carried', async () => {
    const node = echoNode();
    const failing = { target: MULTICALL3, allowFailure: true, callData: '0xdead' as Hex };
    const [outcome] = await aggregate3(node.client, 1n, [failing]);
    expect(outcome).toEqual({ success: false, returnData: '0xdead' });

    const dead = createPublicClient({
      chain: { ...foundry, contracts: { multicall3: { address: MULTICALL3 } } },
      transport: custom({
        request: async () => {
          throw new Error('node down');
        },
      }),
    }) as unknown as RpcClient;
    const outcomes = await aggregate3(dead, 1n, callsOf('aa', 2));
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect('error' in o && String(o.error)).toMatch(/node down/);
    }
  });
});
