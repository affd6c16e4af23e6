import { createPublicClient, custom, type Chain } from 'viem';

import { getLogsSplit } from './getLogsSplit';
import type { RpcClient } from './rpcClient';

/** A node that answers no log and refuses ranges wider than `limit` blocks, recording each range asked. */
function rangeNode(limit: bigint) {
  const asked: string[] = [];
  const transport = custom(
    {
      request: async ({ method, params }: { method: string; params?: readonly unknown[] }) => {
        if (method !== 'eth_getLogs') {
          throw new Error(`not served: ${method}`);
        }
        const filter = params?.[0] as { fromBlock: string; toBlock: string };
        const [from, to] = [BigInt(filter.fromBlock), BigInt(filter.toBlock)];
        asked.push(`${from}-${to}`);
        if (to - from + 1n > limit) {
          throw new Error(`eth_getLogs is limited to a ${limit} block range`);
        }
        return [];
      },
    },
    { retryCount: 0 }
  );
  const client = createPublicClient({ chain: { id: 1 } as Chain, transport }) as unknown as RpcClient;
  return { client, asked };
}

describe('getLogsSplit on a fixed grid', () => {
  it('pre-splits on multiples of maxRange, so a moved window asks the same inner chunks', async () => {
    const node = rangeNode(1_000n);
    await getLogsSplit(node.client, { fromBlock: 950n, toBlock: 1_250n }, { maxRange: 100n });
    expect(node.asked).toEqual(['950-999', '1000-1099', '1100-1199', '1200-1250']);
    node.asked.length = 0;
    await getLogsSplit(node.client, { fromBlock: 951n, toBlock: 1_251n }, { maxRange: 100n });
    expect(node.asked).toEqual(['951-999', '1000-1099', '1100-1199', '1200-1251']);
  });

  it('halves a refused range at aligned points, the same ones for a window moved by a block', async () => {
    const node = rangeNode(100n);
    await getLogsSplit(node.client, { fromBlock: 1_000n, toBlock: 1_300n });
    // By hand: 1,024 is the multiple of the largest power of two in (1,000, 1,300]; then 1,280
    // (multiple of 256 in (1,024, 1,300]), 1,152 (of 128 in (1,024, 1,279]).
    expect(node.asked).toEqual([
      '1000-1300',
      '1000-1023',
      '1024-1300',
      '1024-1279',
      '1024-1151',
      '1024-1087',
      '1088-1151',
      '1152-1279',
      '1152-1215',
      '1216-1279',
      '1280-1300',
    ]);
    node.asked.length = 0;
    await getLogsSplit(node.client, { fromBlock: 1_001n, toBlock: 1_301n });
    const accepted = (list: string[]) =>
      list.filter((range) => {
        const [from, to] = range.split('-').map(BigInt);
        return to - from + 1n <= 100n;
      });
    // Only the two ends differ from the first window's accepted chunks.
    expect(accepted(node.asked)).toEqual([
      '1001-1023',
      '1024-1087',
      '1088-1151',
      '1152-1215',
      '1216-1279',
      '1280-1301',
    ]);
  });
});
