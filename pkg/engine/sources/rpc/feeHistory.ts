/**
 * The base fee of every block in a range, from eth_feeHistory: one call covers up to 1,024 blocks
 * where eth_getBlockByNumber would need one call per block.
 */
import type { GetFeeHistoryReturnType } from 'viem';
import { getBlock, getFeeHistory } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import type { RpcClient } from './rpcClient';
import { RpcNodeError, rpcSource, toRpcError, withRpcErrors } from './rpcError';

interface BlockBaseFee {
  block: bigint;
  baseFeePerGas: bigint;
}

/**
 * Index i is block fromBlock + i, in wei as a double (base fees stay far below 2^53 wei): a month of
 * mainnet is ~223,000 blocks, 1.8 MB as a column, ~20 MB as an object with two bigints per block.
 */
export type BaseFeesBetweenReturnType = Float64Array;
export type BaseFeesBetweenErrorType = PmmError;

/** The JSON-RPC spec's ceiling on blockCount. */
const MAX_BLOCKS_PER_CALL = 1024n;

/** The base fee of every block of [fromBlock, toBlock], in block order. */
export async function baseFeesBetween(
  client: RpcClient,
  fromBlock: bigint,
  toBlock: bigint
): Promise<BaseFeesBetweenReturnType> {
  if (fromBlock < 0n || toBlock < fromBlock) {
    throw new PmmError('rpc', `base fee range ${fromBlock}–${toBlock} is empty or negative`, {
      fix: 'pass fromBlock ≤ toBlock',
    });
  }
  const wei = new Float64Array(Number(toBlock - fromBlock + 1n));
  const put = (block: bigint, baseFeePerGas: bigint) => {
    wei[Number(block - fromBlock)] = Number(baseFeePerGas);
  };
  // From the newest block down: a node may return fewer blocks than asked, always ending at the
  // newest one asked for, so the next page simply ends where this one began. Pages lie on a fixed
  // grid of 1,024 blocks, not counted from `toBlock`: a window that moved by a block then asks the
  // same pages as before (kept by the chain reads) but its two ends, where pages counted from its end
  // all moved (a 30-day mainnet window: ~211 pages read again per refresh, the provider bench).
  let newest = toBlock;
  while (newest >= fromBlock) {
    const gridStart = newest - (newest % MAX_BLOCKS_PER_CALL);
    const oldest = gridStart > fromBlock ? gridStart : fromBlock;
    const blockCount = newest - oldest + 1n;
    const history = await feeHistoryOrOutOfWindow(client, blockCount, newest);
    if (history === OUT_OF_WINDOW) {
      for (const { block, baseFeePerGas } of await baseFeesFromHeaders(client, oldest, newest)) {
        put(block, baseFeePerGas);
      }
      newest = oldest - 1n;
      continue;
    }
    // baseFeePerGas has one entry per block and one more, for the block after `newest` (the only
    // field kept by the chain reads: gasUsedRatio is cut, answerCuts.ts).
    const returned = history.baseFeePerGas.length - 1;
    if (returned <= 0 || history.oldestBlock + BigInt(returned) - 1n !== newest) {
      throw new PmmError(
        rpcSource(client),
        `eth_feeHistory to block ${newest} answered blocks ${history.oldestBlock}+${returned}`,
        {
          fix: 'the node may not have these blocks (pruned or not synced): use an archive node',
        }
      );
    }
    for (let i = 0; i < returned; i++) {
      const block = history.oldestBlock + BigInt(i);
      if (block >= fromBlock) {
        put(block, history.baseFeePerGas[i]);
      }
    }
    newest = history.oldestBlock - 1n;
  }
  return wei;
}

/**
 * Nodes serve fee history only for recent blocks (anvil: the last 2,048; geth: --rpc.feehistory.maxblockhistory)
 * and refuse older ones with -32602 "block range is out of bounds"; block headers still hold the base fee.
 */
const OUT_OF_WINDOW = Symbol('out of the fee history window');
const OUT_OF_WINDOW_PATTERN = /out of bounds|too old|beyond|not available/i;

async function feeHistoryOrOutOfWindow(
  client: RpcClient,
  blockCount: bigint,
  newest: bigint
): Promise<GetFeeHistoryReturnType | typeof OUT_OF_WINDOW> {
  try {
    return await getFeeHistory(client, { blockCount: Number(blockCount), blockNumber: newest, rewardPercentiles: [] });
  } catch (error) {
    const wrapped = toRpcError(client, error, `eth_feeHistory of ${blockCount} blocks to ${newest}`);
    if (wrapped instanceof RpcNodeError && OUT_OF_WINDOW_PATTERN.test(wrapped.details ?? wrapped.message)) {
      return OUT_OF_WINDOW;
    }
    throw wrapped;
  }
}

/** One header per block, requested at once so the transport batches them. */
async function baseFeesFromHeaders(client: RpcClient, from: bigint, to: bigint): Promise<BlockBaseFee[]> {
  const blocks = Array.from({ length: Number(to - from + 1n) }, (_, i) => from + BigInt(i));
  return Promise.all(
    blocks.map(async (block) => {
      const header = await withRpcErrors(client, `eth_getBlockByNumber ${block}`, () =>
        getBlock(client, { blockNumber: block })
      );
      if (header.baseFeePerGas === null) {
        throw new PmmError(rpcSource(client), `block ${block} has no base fee (it predates EIP-1559)`, {
          fix: 'ask for gas costs from the London fork on',
        });
      }
      return { block, baseFeePerGas: header.baseFeePerGas };
    })
  );
}
