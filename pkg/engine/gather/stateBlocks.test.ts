import { createPublicClient, custom, numberToHex, type Chain } from 'viem';

import type { RpcClient } from '../sources/rpc/rpcClient';
import { createBlockPoints } from '../time/blockPoints';
import { queryBlockReader, stateBlocks } from './stateBlocks';

/** A chain of 12-second blocks from block 0 at t = 0, answering headers only; it counts what is asked. */
function twelveSecondChain(head: bigint): { client: RpcClient; asked: bigint[] } {
  const asked: bigint[] = [];
  const block = (n: bigint) => ({
    number: numberToHex(n),
    hash: `0x${n.toString(16).padStart(64, '0')}`,
    parentHash: `0x${(n - 1n < 0n ? 0n : n - 1n).toString(16).padStart(64, '0')}`,
    timestamp: numberToHex(n * 12n),
    transactions: [],
  });
  const transport = custom({
    request: async ({ method, params }: { method: string; params?: unknown[] }) => {
      if (method !== 'eth_getBlockByNumber') {
        throw new Error(`unexpected ${method}`);
      }
      const tag = (params ?? [])[0] as string;
      const n = tag === 'latest' ? head : BigInt(tag);
      asked.push(n);
      return block(n);
    },
  });
  const chain = {
    id: 1,
    name: 'stand-in',
    nativeCurrency: { name: 'E', symbol: 'E', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  } as unknown as Chain;
  return { client: createPublicClient({ chain, transport }) as RpcClient, asked };
}

describe('the state blocks of a window longer than the budget', () => {
  const header = (n: bigint) => ({ number: n, timestamp: n * 12n, hash: `0x${n.toString(16)}` as `0x${string}` });

  it('are the grid multiples, the block before the window and its end; a moved window shares the grid', async () => {
    const { client } = twelveSecondChain(300_000n);
    const read = async (before: bigint, end: bigint) =>
      (
        await stateBlocks(client, {
          ends: { before: header(before), end: header(end) },
          points: [],
          maxBlocks: 101,
          blockPoints: createBlockPoints(),
          reader: queryBlockReader(client),
        })
      ).map((b) => b.number);
    // 10,000 blocks, 100 to spend on the grid: every 128th (10,000 / 100 = 100 → 128).
    const first = await read(99_999n, 109_999n);
    expect(first[0]).toBe(99_999n);
    expect(first[first.length - 1]).toBe(109_999n);
    const grid = first.slice(1, -1);
    expect(grid.every((n) => n % 128n === 0n)).toBe(true);
    expect(grid[0]).toBe(100_096n); // the first multiple of 128 from 100,000
    // Moved by 25 blocks (5 minutes): every grid block but the edges is read again.
    const moved = (await read(100_024n, 110_024n)).slice(1, -1);
    const shared = moved.filter((n) => grid.includes(n));
    expect(moved.length - shared.length).toBeLessThanOrEqual(1);
  });
});
