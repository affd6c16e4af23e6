/**
 * The chain the proxy presents, and the pure translations between it and the world behind it: block
 * numbers both ways (density.ts), headers of made-up blocks, block parameters of state reads, log
 * ranges, fee history. A made-up block is empty but for an other maker's fill (otherFills.ts); its
 * state is the state of the world block under it, its base fee that block's, its hash a marked one
 * (syntheticIds.ts), its parent the presented block before it, so the presented chain links up.
 * World blocks keep their hash; their parent becomes the presented block before them.
 */
import { toHex } from 'viem';

import type { ProviderLimits } from './alchemy';
import {
  createDensityMap,
  extendDensity,
  locate,
  presentedHead,
  presentedOf,
  worldAtOrAfter,
  worldAtOrBefore,
  type DensityMap,
} from './density';
import type { RpcLog } from './logFilter';
import { holdsOtherFill, OTHER_FILL_GAS, otherFillTransaction, type OtherFillsPlan } from './otherFills';
import { syntheticBlockHash, syntheticBlockNumber, syntheticTransactionHash } from './syntheticIds';

/** A world block as anvil answers eth_getBlockByNumber(n, false). */
export interface WorldHeader {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  gasUsed: string;
  gasLimit: string;
  baseFeePerGas?: string;
  transactions: unknown[];
  [field: string]: unknown;
}

export interface PresentedChain {
  map: DensityMap;
  headers: WorldHeader[];
  byHash: Map<string, number>;
  limits: ProviderLimits;
  fills?: OtherFillsPlan;
}

/** A JSON-RPC error the presented chain answers with (as a node words it). */
export interface RpcFailure {
  code: number;
  message: string;
}

export type Translated<T> = { ok: T } | { error: RpcFailure };

/** How far under the head "finalized" and "safe" are (two epochs and one, as on mainnet). */
const FINALIZED_DEPTH = 64;
const SAFE_DEPTH = 32;
/** eth_feeHistory answers at most this many blocks (the JSON-RPC spec's ceiling). */
const FEE_HISTORY_MAX = 1024;
const EMPTY_TRIE_ROOT = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421';

export function createPresentedChain(limits: ProviderLimits, secondsPerBlock?: number): PresentedChain {
  return { map: createDensityMap(secondsPerBlock), headers: [], byHash: new Map(), limits };
}

/** Appends the next world blocks, in order from the next world number. */
export function addWorldHeaders(chain: PresentedChain, headers: readonly WorldHeader[]): void {
  for (const header of headers) {
    const n = Number(BigInt(header.number));
    if (n !== chain.headers.length) {
      throw new RangeError(`world block ${n} added after ${chain.headers.length - 1}: blocks must come in order`);
    }
    chain.headers.push(header);
    chain.byHash.set(header.hash.toLowerCase(), n);
    extendDensity(chain.map, [Number(BigInt(header.timestamp))]);
  }
}

export const hex = (n: number) => toHex(n);

function hexNumber(value: unknown): number | undefined {
  return typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) ? Number(BigInt(value)) : undefined;
}

const headerNotFound = (what: string): RpcFailure => ({ code: -32000, message: `header not found (${what})` });

/** The hash of presented block `presented` (a world block's own, or a made-up one). */
export function presentedHash(chain: PresentedChain, presented: number): string {
  const at = locate(chain.map, presented);
  if (!at) {
    throw new RangeError(`block ${presented} is not presented`);
  }
  return at.kind === 'world' ? chain.headers[at.world].hash : syntheticBlockHash(presented);
}

/** A world block number (hex) as the presented chain numbers it. */
export function presentedNumberHex(chain: PresentedChain, worldHex: unknown): unknown {
  const world = hexNumber(worldHex);
  return world === undefined ? worldHex : hex(presentedOf(chain.map, world));
}

/** A block tag or number (hex) as a presented number; undefined for what is not a block parameter. */
export function resolveBlock(chain: PresentedChain, parameter: unknown): number | undefined {
  const head = presentedHead(chain.map);
  switch (parameter) {
    case undefined:
    case 'latest':
    case 'pending':
      return head;
    case 'earliest':
      return 0;
    case 'finalized':
      return Math.max(0, head - FINALIZED_DEPTH);
    case 'safe':
      return Math.max(0, head - SAFE_DEPTH);
    default:
      return hexNumber(parameter);
  }
}

/**
 * The block parameter of a state read (eth_call, eth_getBalance, eth_getTransactionCount…) for the
 * world: a made-up block's state is that of the world block under it.
 */
export function worldStateParameter(chain: PresentedChain, parameter: unknown): Translated<unknown> {
  if (parameter === undefined || parameter === 'latest' || parameter === 'pending') {
    return { ok: parameter };
  }
  const toWorld = (presented: number | undefined, what: string): Translated<unknown> => {
    const at = presented === undefined ? undefined : locate(chain.map, presented);
    if (!at) {
      return { error: headerNotFound(what) };
    }
    return { ok: hex(at.kind === 'world' ? at.world : at.below) };
  };
  if (typeof parameter === 'object' && parameter !== null) {
    const spec = parameter as { blockHash?: unknown; blockNumber?: unknown; requireCanonical?: unknown };
    if (spec.blockHash !== undefined) {
      const made = syntheticBlockNumber(spec.blockHash);
      if (made === undefined) {
        return { ok: parameter };
      }
      const world = toWorld(made, String(spec.blockHash));
      return 'ok' in world ? { ok: { blockNumber: world.ok } } : world;
    }
    const world = toWorld(resolveBlock(chain, spec.blockNumber), String(spec.blockNumber));
    return 'ok' in world ? { ok: { ...spec, blockNumber: world.ok } } : world;
  }
  return toWorld(resolveBlock(chain, parameter), String(parameter));
}

/** A transaction of a world block (a full block's entry or eth_getTransactionByHash), renumbered. */
export function presentTransaction<T>(chain: PresentedChain, transaction: T): T {
  if (transaction && typeof transaction === 'object' && 'blockNumber' in transaction) {
    return { ...transaction, blockNumber: presentedNumberHex(chain, transaction.blockNumber) };
  }
  return transaction;
}

export function presentLog<T extends { blockNumber?: unknown }>(chain: PresentedChain, log: T): T {
  return { ...log, blockNumber: presentedNumberHex(chain, log.blockNumber) };
}

export function presentReceipt<T>(chain: PresentedChain, receipt: T): T {
  if (!receipt || typeof receipt !== 'object') {
    return receipt;
  }
  const r = receipt as T & { blockNumber?: unknown; logs?: Array<{ blockNumber?: unknown }> };
  return {
    ...r,
    blockNumber: presentedNumberHex(chain, r.blockNumber),
    logs: Array.isArray(r.logs) ? r.logs.map((log) => presentLog(chain, log)) : r.logs,
  };
}

/** A world block (hydrated or not) as presented: its number, its parent, its transactions' numbers. */
export function presentWorldBlock<T extends { number: string }>(chain: PresentedChain, block: T): T {
  const world = Number(BigInt(block.number));
  const presented = presentedOf(chain.map, world);
  const out: Record<string, unknown> = { ...block, number: hex(presented) };
  if (presented > 0) {
    out.parentHash = presentedHash(chain, presented - 1);
  }
  const transactions = (block as { transactions?: unknown }).transactions;
  if (Array.isArray(transactions)) {
    out.transactions = transactions.map((tx: unknown) => presentTransaction(chain, tx));
  }
  return out as T;
}

/** The base fee (hex) of a presented block: a made-up block's is the world block's under it. */
export function baseFeeHex(chain: PresentedChain, presented: number): string {
  const at = locate(chain.map, presented);
  if (!at) {
    throw new RangeError(`block ${presented} is not presented`);
  }
  return chain.headers[at.kind === 'world' ? at.world : at.below].baseFeePerGas ?? '0x0';
}

/** A made-up block: empty, or holding one other maker's fill. Undefined when it is a world block or not presented. */
export function syntheticBlock(
  chain: PresentedChain,
  presented: number,
  full: boolean
): Record<string, unknown> | undefined {
  const at = locate(chain.map, presented);
  if (!at || at.kind !== 'synthetic') {
    return undefined;
  }
  const template = chain.headers[at.below];
  const fill = chain.fills && holdsOtherFill(chain.fills, chain.map, presented) ? chain.fills : undefined;
  const baseFee = template.baseFeePerGas ?? '0x0';
  const transactions = fill
    ? [full ? otherFillTransaction(fill, presented, baseFee) : syntheticTransactionHash(presented)]
    : [];
  return {
    ...template,
    number: hex(presented),
    hash: syntheticBlockHash(presented),
    parentHash: presentedHash(chain, presented - 1),
    timestamp: hex(at.timestamp),
    transactions,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: `0x${'0'.repeat(512)}`,
    gasUsed: hex(fill ? OTHER_FILL_GAS : 0),
    uncles: [],
    withdrawals: [],
  };
}

/** The presented block a hash names: a made-up one (by its mark) or a known world block. */
export function presentedOfHash(chain: PresentedChain, hash: unknown): number | undefined {
  const made = syntheticBlockNumber(hash);
  if (made !== undefined) {
    return locate(chain.map, made) ? made : undefined;
  }
  const world = typeof hash === 'string' ? chain.byHash.get(hash.toLowerCase()) : undefined;
  return world === undefined ? undefined : presentedOf(chain.map, world);
}

export interface LogRange {
  /** Presented, inclusive. */
  from: number;
  to: number;
  /** The world blocks inside it, when there is any. */
  world?: { from: number; to: number };
}

/** An eth_getLogs range: its presented ends (tags resolved, the end clamped to the head) and its world blocks. */
export function logRange(chain: PresentedChain, fromBlock: unknown, toBlock: unknown): Translated<LogRange> {
  const from = resolveBlock(chain, fromBlock ?? 'latest');
  const wanted = resolveBlock(chain, toBlock ?? 'latest');
  if (from === undefined || wanted === undefined) {
    return {
      error: { code: -32602, message: `invalid block range params (${String(fromBlock)}, ${String(toBlock)})` },
    };
  }
  const to = Math.min(wanted, presentedHead(chain.map));
  if (from > to) {
    return { error: { code: -32602, message: 'invalid block range params' } };
  }
  const first = worldAtOrAfter(chain.map, from);
  const last = worldAtOrBefore(chain.map, to);
  return { ok: { from, to, world: first !== undefined && first <= last ? { from: first, to: last } : undefined } };
}

/**
 * Alchemy's rule on an eth_getLogs answer (alchemy.ts): a range within `logsAnyCountRange` blocks is
 * answered whatever it holds, a wider one only up to `logsMaxResults` logs. Undefined: answered.
 */
export function logsOverLimit(limits: ProviderLimits, range: { from: number; to: number }, logs: number): boolean {
  return range.to - range.from + 1 > limits.logsAnyCountRange && logs > limits.logsMaxResults;
}

/** The presented block of each log, for ordering world and made-up logs together. */
export function logOrder(a: RpcLog, b: RpcLog): number {
  return Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(BigInt(a.logIndex) - BigInt(b.logIndex));
}

/**
 * eth_feeHistory over presented blocks, from the world's headers: a made-up block has the base fee of
 * the world block under it and no gas used (its one fill, if any, is a rounding error of a block).
 * Rewards are zero: the engine asks for none.
 */
export function feeHistory(
  chain: PresentedChain,
  blockCount: unknown,
  newestBlock: unknown,
  percentiles: unknown
): Translated<{ oldestBlock: string; baseFeePerGas: string[]; gasUsedRatio: number[]; reward?: string[][] }> {
  const count = typeof blockCount === 'number' ? blockCount : hexNumber(blockCount);
  const newest = resolveBlock(chain, newestBlock);
  const head = presentedHead(chain.map);
  if (count === undefined || count < 1 || newest === undefined) {
    return { error: { code: -32602, message: 'invalid eth_feeHistory parameters' } };
  }
  if (newest > head) {
    return { error: headerNotFound(String(newestBlock)) };
  }
  const oldest = Math.max(0, newest - Math.min(count, FEE_HISTORY_MAX) + 1);
  const baseFeePerGas: string[] = [];
  const gasUsedRatio: number[] = [];
  for (let p = oldest; p <= newest; p++) {
    const at = locate(chain.map, p);
    baseFeePerGas.push(baseFeeHex(chain, p));
    if (at?.kind === 'world') {
      const header = chain.headers[at.world];
      gasUsedRatio.push(Number(BigInt(header.gasUsed)) / Number(BigInt(header.gasLimit)));
    } else {
      gasUsedRatio.push(0);
    }
  }
  baseFeePerGas.push(baseFeeHex(chain, Math.min(newest + 1, head)));
  const asked = Array.isArray(percentiles) ? percentiles.length : 0;
  return {
    ok: {
      oldestBlock: hex(oldest),
      baseFeePerGas,
      gasUsedRatio,
      ...(asked > 0 ? { reward: gasUsedRatio.map(() => Array.from({ length: asked }, () => '0x0')) } : {}),
    },
  };
}
