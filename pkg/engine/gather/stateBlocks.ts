/**
 * The blocks a query reads state at: the last block before the window (so interest and hedge fees of
 * the first block have a "before"), every block in the window when there are at most `maxBlocks`
 * (max drawdown, turnover and the PnL trend are then exact), else the blocks of a fixed grid (the
 * multiples of a power-of-two step, time/blockGrid.ts: a moved window shares them) plus the block of
 * every series point, and the state block at the window's end.
 */
import { getBlock } from 'viem/actions';

import { PmmError } from '../../../src/core/errors';
import { withRpcErrors } from '../sources/rpc/rpcError';
import type { RpcClient } from '../sources/rpc/rpcClient';
import { blockAtOrBefore, type BlockHeader, type BlockReader } from '../time/blockAtTime';
import { gridBlocks } from '../time/blockGrid';
import type { BlockPoints } from '../time/blockPoints';
import type { Window } from '../model';

export interface StateBlock {
  number: bigint;
  hash: `0x${string}`;
  timeMs: number;
}

export function blockReader(client: RpcClient): BlockReader {
  const header = (b: { number: bigint | null; timestamp: bigint; hash: `0x${string}` | null }): BlockHeader => {
    if (b.number === null || b.hash === null) {
      throw new PmmError('rpc', 'the node returned a pending block', { fix: 'ask for a mined block' });
    }
    return { number: b.number, timestamp: b.timestamp, hash: b.hash };
  };
  return {
    getBlock: (number) =>
      withRpcErrors(client, `eth_getBlockByNumber ${number}`, async () =>
        header(await getBlock(client, { blockNumber: number }))
      ),
    head: () =>
      withRpcErrors(client, 'eth_getBlockByNumber latest', async () =>
        header(await getBlock(client, { blockTag: 'latest' }))
      ),
  };
}

/**
 * A reader for one query: the head is read once and serves every time lookup of the query (a
 * dashboard's query looks up each series point's block and VaR's daily prices, each lookup starting
 * from the head: reading it per lookup was 190 of the 200 calls of an unchanged refresh, measured by
 * the refresh bench on the 31-day demo world). The next query reads the head again.
 */
export function queryBlockReader(client: RpcClient): BlockReader {
  const reader = blockReader(client);
  let head: Promise<BlockHeader> | undefined;
  return {
    getBlock: reader.getBlock,
    head: () => {
      head ??= reader.head().catch((error: unknown) => {
        head = undefined;
        throw error;
      });
      return head;
    },
  };
}

/** Headers of many blocks, requested together so the transport batches them. */
export async function headersOf(client: RpcClient, numbers: readonly bigint[]): Promise<StateBlock[]> {
  const reader = blockReader(client);
  const headers = await Promise.all(numbers.map((n) => reader.getBlock(n)));
  return headers.map((h) => ({ number: h.number, hash: h.hash as `0x${string}`, timeMs: Number(h.timestamp) * 1000 }));
}

/** The last block at or before a time, or undefined when the chain had not started. */
export async function blockAtOrBeforeMs(
  reader: BlockReader,
  timeMs: number,
  points: BlockPoints
): Promise<BlockHeader | undefined> {
  try {
    return await blockAtOrBefore(Math.floor(timeMs / 1000), reader, { points });
  } catch (error) {
    if (error instanceof PmmError && error.kind === 'before-first-block') {
      return undefined;
    }
    throw error;
  }
}

/** Block numbers, both ends included: empty when fromBlock > toBlock. */
export interface BlockSpan {
  fromBlock: bigint;
  toBlock: bigint;
}

/** The blocks around a window: the last before it, and the last at or before its end. */
export interface WindowEnds {
  /** Undefined when the chain started inside the window (or after it). */
  before?: BlockHeader;
  /** Undefined when the chain started after the window. */
  end?: BlockHeader;
}

export async function windowEnds(client: BlockReader, window: Window, blockPoints: BlockPoints): Promise<WindowEnds> {
  // A block before the window: its timestamp × 1000 < fromMs, i.e. ≤ ceil(fromMs / 1000) − 1 seconds.
  const before = await blockAtOrBeforeMs(client, Math.ceil(window.fromMs / 1000) * 1000 - 1000, blockPoints);
  const end = await blockAtOrBeforeMs(client, window.toMs, blockPoints);
  return { before, end };
}

/**
 * A span with the hash of its last block, which commits to every block up to it: the span's logs and
 * receipts are a function of it, so it names them exactly (a reorg changes it), for reads shared
 * between queries (shared.ts).
 */
export interface ChainSpan extends BlockSpan {
  toHash: string;
}

/** The span's ends alone, for a source's parameters. */
export const blockSpanOf = ({ fromBlock, toBlock }: BlockSpan): BlockSpan => ({ fromBlock, toBlock });

/** What identifies a span's blocks: its ends and its last block's hash. */
export const spanKey = ({ fromBlock, toBlock, toHash }: ChainSpan): string =>
  `${fromBlock}-${toBlock}@${toHash.toLowerCase()}`;

/** The window's own blocks (an empty span when none fell in it); undefined when the chain has no block by its end. */
export function windowSpan({ before, end }: WindowEnds): ChainSpan | undefined {
  return end ? { fromBlock: before ? before.number + 1n : 0n, toBlock: end.number, toHash: end.hash } : undefined;
}

/** A window between two blocks has no block of its own: nothing happened in it. */
export const isEmptySpan = ({ fromBlock, toBlock }: BlockSpan) => fromBlock > toBlock;

export interface StateBlocksParameters {
  /** Where the window starts and ends (windowEnds). */
  ends: WindowEnds;
  /** Series points whose state must be read even when the window's blocks are spread. */
  points: readonly number[];
  maxBlocks: number;
  blockPoints: BlockPoints;
  /** The query's block reader (queryBlockReader). */
  reader: BlockReader;
}

export async function stateBlocks(client: RpcClient, params: StateBlocksParameters): Promise<StateBlock[]> {
  const { ends, points, maxBlocks, blockPoints, reader } = params;
  const { before, end } = ends;
  if (!end) {
    return [];
  }
  const first = before ? before.number + 1n : 0n;
  const count = end.number - first + 1n;
  const numbers = new Set<bigint>();
  if (before) {
    numbers.add(before.number);
  }
  if (count <= BigInt(maxBlocks)) {
    for (let n = first; n <= end.number; n++) {
      numbers.add(n);
    }
  } else {
    for (const n of gridBlocks(first, end.number, Math.max(1, maxBlocks - points.length - 1))) {
      numbers.add(n);
    }
    for (const point of points) {
      const block = await blockAtOrBeforeMs(reader, point, blockPoints);
      if (block && block.number >= first) {
        numbers.add(block.number);
      }
    }
    numbers.add(end.number);
  }
  const sorted = [...numbers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return headersOf(client, sorted);
}
