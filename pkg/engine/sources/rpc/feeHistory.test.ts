import { createPublicClient, custom, type Chain } from 'viem';

import { gasChainAnswer, GWEI, type GasChain } from '../../testing/gasChain';
import { baseFeesBetween } from './feeHistory';
import type { RpcClient } from './rpcClient';

/** A node answering from the stand-in gas chain, recording each eth_feeHistory's [count, newest]. */
function recordingNode(head: bigint) {
  const chain: GasChain = {
    head: () => head,
    baseFee: (n) => GWEI + n,
    hash: (n) => `0x${n.toString(16).padStart(64, '0')}`,
  };
  const pages: string[] = [];
  const transport = custom({
    request: async ({ method, params }: { method: string; params?: readonly unknown[] }) => {
      if (method === 'eth_feeHistory') {
        pages.push(`${BigInt(params?.[0] as string)}@${BigInt(params?.[1] as string)}`);
      }
      return gasChainAnswer(chain, method, params ?? []);
    },
  });
  const client = createPublicClient({ chain: { id: 1 } as Chain, transport }) as unknown as RpcClient;
  return { client, pages };
}

describe('base fees from eth_feeHistory pages', () => {
  it('asks pages on a fixed grid of 1,024 blocks, so a window moved by a block shares all but its ends', async () => {
    const node = recordingNode(20_000n);
    const fees = await baseFeesBetween(node.client, 10_000n, 15_000n);
    // By hand: 10,000–10,239 (to the grid line 10,240), four whole pages 10,240–14,335, then 14,336–15,000.
    expect(node.pages).toEqual(['665@15000', '1024@14335', '1024@13311', '1024@12287', '1024@11263', '240@10239']);
    // The stand-in's fee of block n is 1 gwei + n wei.
    expect(fees).toHaveLength(5_001);
    expect(fees[0]).toBe(1e9 + 10_000);
    expect(fees[5_000]).toBe(1e9 + 15_000);
    expect(fees.every((fee, i) => fee === 1e9 + 10_000 + i)).toBe(true);

    node.pages.length = 0;
    await baseFeesBetween(node.client, 10_001n, 15_001n);
    expect(node.pages).toEqual(['666@15001', '1024@14335', '1024@13311', '1024@12287', '1024@11263', '239@10239']);
  });

  it('reads a range inside one grid page with one call', async () => {
    const node = recordingNode(20_000n);
    expect([...(await baseFeesBetween(node.client, 10_300n, 10_302n))]).toEqual([
      1e9 + 10_300,
      1e9 + 10_301,
      1e9 + 10_302,
    ]);
    expect(node.pages).toEqual(['3@10302']);
  });
});
