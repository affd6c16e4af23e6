/**
 * One JSON-RPC request answered on the presented chain: translated to the world and sent on through
 * `upstream` (anvil), answered from the world's headers, or made up, then translated back. Methods
 * that carry no block number pass unchanged; a method this table does not know is refused rather
 * than passed on with numbers the world would misread.
 */
import { logsRefusal } from './alchemy';
import { locate, presentedHead } from './density';
import { matchesFilter, type LogFilter, type RpcLog } from './logFilter';
import { holdsOtherFill, otherFillBlocks, otherFillLogs, otherFillReceipt, otherFillTransaction } from './otherFills';
import {
  baseFeeHex,
  feeHistory,
  hex,
  logOrder,
  logRange,
  logsOverLimit,
  presentedOfHash,
  presentLog,
  presentReceipt,
  presentTransaction,
  presentWorldBlock,
  resolveBlock,
  syntheticBlock,
  worldStateParameter,
  type PresentedChain,
  type RpcFailure,
  type WorldHeader,
} from './presentedChain';
import { syntheticBlockNumber, syntheticTransactionBlock } from './syntheticIds';

export interface RpcEntry {
  jsonrpc?: string;
  id?: number | string | null;
  method: string;
  params?: unknown[];
}

/**
 * `refused`: the provider turned the request down for its size (counted apart from node errors);
 * `otherMakersLogs`: logs of other makers' fills in the answer (what reading the market costs).
 */
export type RpcReply = { result: unknown; otherMakersLogs?: number } | { error: RpcFailure; refused?: 'logs' };

export type Upstream = (method: string, params: unknown[]) => Promise<RpcReply>;

/** Methods without a block number in their parameters or answer. */
const UNCHANGED = new Set([
  'eth_chainId',
  'net_version',
  'web3_clientVersion',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_syncing',
]);

/** Where a state read's block parameter sits. */
const STATE_BLOCK_INDEX: Readonly<Record<string, number>> = {
  eth_call: 1,
  eth_estimateGas: 1,
  eth_getBalance: 1,
  eth_getCode: 1,
  eth_getTransactionCount: 1,
  eth_getStorageAt: 2,
};

export async function answerEntry(chain: PresentedChain, entry: RpcEntry, upstream: Upstream): Promise<RpcReply> {
  const params = entry.params ?? [];
  const { method } = entry;
  if (UNCHANGED.has(method)) {
    return upstream(method, params);
  }
  const stateIndex = STATE_BLOCK_INDEX[method];
  if (stateIndex !== undefined) {
    const block = worldStateParameter(chain, params[stateIndex]);
    if ('error' in block) {
      return block;
    }
    const translated = [...params];
    if (stateIndex < params.length || block.ok !== undefined) {
      translated[stateIndex] = block.ok;
    }
    return upstream(method, translated);
  }
  switch (method) {
    case 'eth_blockNumber':
      return { result: hex(presentedHead(chain.map)) };
    case 'eth_getBlockByNumber': {
      const presented = resolveBlock(chain, params[0]);
      if (presented === undefined) {
        return { error: { code: -32602, message: `invalid block parameter ${String(params[0])}` } };
      }
      return blockAt(chain, presented, params[1] === true, upstream);
    }
    case 'eth_getBlockByHash': {
      const presented = presentedOfHash(chain, params[0]);
      if (presented === undefined) {
        // A hash the presented chain does not know: the world does not either (made-up hashes are marked).
        return syntheticBlockNumber(params[0]) === undefined ? upstream(method, params) : { result: null };
      }
      return blockAt(chain, presented, params[1] === true, upstream);
    }
    case 'eth_getTransactionReceipt':
    case 'eth_getTransactionByHash': {
      const made = syntheticTransactionBlock(params[0]);
      if (made !== undefined) {
        const fills = chain.fills;
        if (!fills || !holdsOtherFill(fills, chain.map, made)) {
          return { result: null };
        }
        const fee = baseFeeHex(chain, made);
        return {
          result:
            method === 'eth_getTransactionReceipt'
              ? otherFillReceipt(fills, made, fee)
              : otherFillTransaction(fills, made, fee),
        };
      }
      const reply = await upstream(method, params);
      if ('error' in reply || reply.result === null) {
        return reply;
      }
      return {
        result:
          method === 'eth_getTransactionReceipt'
            ? presentReceipt(chain, reply.result)
            : presentTransaction(chain, reply.result),
      };
    }
    case 'eth_getLogs':
      return logs(chain, (params[0] ?? {}) as LogFilter & Record<string, unknown>, upstream);
    case 'eth_feeHistory': {
      const history = feeHistory(chain, params[0], params[1], params[2]);
      return 'error' in history ? history : { result: history.ok };
    }
    default:
      return { error: { code: -32601, message: `the provider proxy does not translate ${method}` } };
  }
}

async function blockAt(chain: PresentedChain, presented: number, full: boolean, upstream: Upstream): Promise<RpcReply> {
  const at = locate(chain.map, presented);
  if (!at) {
    return { result: null };
  }
  if (at.kind === 'synthetic') {
    return { result: syntheticBlock(chain, presented, full) ?? null };
  }
  if (!full) {
    return { result: presentWorldBlock(chain, chain.headers[at.world]) };
  }
  const reply = await upstream('eth_getBlockByNumber', [hex(at.world), true]);
  if ('error' in reply || reply.result === null) {
    return reply;
  }
  return { result: presentWorldBlock(chain, reply.result as WorldHeader) };
}

async function logs(
  chain: PresentedChain,
  filter: LogFilter & Record<string, unknown>,
  upstream: Upstream
): Promise<RpcReply> {
  const fills = chain.fills;
  const madeUpLogs = (blocks: number[]): RpcLog[] =>
    fills ? blocks.flatMap((p) => otherFillLogs(fills, p)).filter((log) => matchesFilter(log, filter)) : [];
  const worldLogs = async (worldFilter: Record<string, unknown>): Promise<RpcLog[] | RpcReply> => {
    const reply = await upstream('eth_getLogs', [worldFilter]);
    if ('error' in reply) {
      return reply;
    }
    return (reply.result as RpcLog[]).map((log) => presentLog(chain, log));
  };

  if (filter.blockHash !== undefined) {
    const made = syntheticBlockNumber(filter.blockHash);
    if (made !== undefined) {
      const found = fills && holdsOtherFill(fills, chain.map, made) ? madeUpLogs([made]) : [];
      return { result: found, otherMakersLogs: found.length };
    }
    const found = await worldLogs(filter);
    return Array.isArray(found) ? { result: found } : found;
  }

  const range = logRange(chain, filter.fromBlock, filter.toBlock);
  if ('error' in range) {
    return range;
  }
  const { from, to, world } = range.ok;
  let found: RpcLog[] = [];
  let others = 0;
  if (world) {
    const answered = await worldLogs({ ...filter, fromBlock: hex(world.from), toBlock: hex(world.to) });
    if (!Array.isArray(answered)) {
      return answered;
    }
    found = answered;
  }
  if (fills) {
    const made = madeUpLogs(otherFillBlocks(fills, chain.map, from, to));
    others = made.length;
    found = [...found, ...made].sort(logOrder);
  }
  if (logsOverLimit(chain.limits, { from, to }, found.length)) {
    const suggested = { from: BigInt(from), to: BigInt(from + chain.limits.logsAnyCountRange - 1) };
    return { error: logsRefusal(chain.limits, suggested), refused: 'logs' };
  }
  return { result: found, otherMakersLogs: others };
}
