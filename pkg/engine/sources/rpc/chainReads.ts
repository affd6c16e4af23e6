/**
 * JSON-RPC answers that cannot change, kept across every query of a data source (issue 19: a refresh
 * costs what changed). An answer about a block identified by its hash (eth_getBlockByHash, eth_getLogs
 * at a `blockHash`) never changes. An answer about a block identified by its number (a header, a
 * receipt, a nonce, code, logs up to a block, a fee history) changes only if a reorg replaces that
 * block, so it is kept:
 * - for good once the block is final: at least `finalityDepth` blocks under the highest head seen
 *   (64: two epochs, what Ethereum finalizes and what anvil calls `finalized`);
 * - for a recent block, only while the chain seen since it was read is one chain: each new head the
 *   engine reads (`eth_getBlockByNumber("latest")`) is checked, before the next recent answer is
 *   served, by reading the previous head's number again. Its hash unchanged, every block under it is
 *   unchanged too (each hash commits to its parent); changed, or a head that went back, every recent
 *   answer is dropped and read again.
 * An unchanged chain therefore costs one header per query; one new block, that header, the check and
 * what the new block holds. Bounded in bytes (LRU); failures are never kept; identical reads in flight
 * are joined.
 * eth_call answers are not kept here: the state they are read for is kept decoded, by block hash, in
 * the engine's block cache (holdings, feed readings, venues), at a fraction of the raw answers' size.
 * Kept raw as well, a 30-day sweep's ~8,700 multicall answers (17 MiB of the 48) pushed out the
 * receipts and nonces the next sweep needed: a refresh after one new block read 911 calls, 45 without
 * them (refresh bench, 2026-12-03). Headers have a share of the bytes of their own (HEADER_SHARE):
 * they are how every state kept is found again (by its block's hash). Answers are kept cut to the
 * fields the engine reads (answerCuts.ts); a block with its transactions is not kept (its reader keeps
 * the wallets' own transactions, by block hash).
 */
import type { EIP1193RequestFn, Transport } from 'viem';

import { createInflight } from '../../cache/inflight';
import { cutAnswer, restoreAnswer } from './answerCuts';

export interface ChainReadsOptions {
  /** Bytes kept, counted as the answers' JSON text plus a fixed overhead each (default 32 MiB). */
  maxBytes?: number;
  /** A single answer bigger than this is returned but not kept (default 2 MiB). */
  maxEntryBytes?: number;
  /** Blocks under the highest head seen after which a block is final (default 64). */
  finalityDepth?: number;
}

export interface ChainReadsStats {
  hits: number;
  misses: number;
  joins: number;
  /** Answers not kept: about the head or a tag, a block above the known head, too big, or empty. */
  uncacheable: number;
  /** Continuity checks read (one per head move) and how many found the chain replaced. */
  checks: number;
  reorgs: number;
  evictions: number;
  entries: number;
  bytes: number;
  /** What is kept, per JSON-RPC method: answers and approximate bytes (what fills the budget). */
  kept: Record<string, { entries: number; bytes: number }>;
}

export interface ChainReads {
  /** The answer to one request: kept, or read by `send` (and kept when it may be). */
  request(method: string, params: unknown, send: Send): Promise<unknown>;
  stats(): ChainReadsStats;
}

export type Send = (method: string, params: unknown) => Promise<unknown>;

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_ENTRY_BYTES = 2 * 1024 * 1024;
const DEFAULT_FINALITY_DEPTH = 64;
/**
 * eth_getLogs answers over more blocks than this are not kept. A window's logs are asked over the
 * whole window when the provider takes it: a range only the same window asks again, within the shared
 * reads (gather/shared.ts), while the next refresh's window has moved. Kept, a 30-day mainnet month's
 * were 10.9 MiB of the 22.3 the store held, and never served (provider bench, 2026-12-03). Chunks a
 * provider's limits cut a range into lie on a grid (getLogsSplit.ts) and are kept: a moved window asks
 * them again.
 */
const MAX_KEPT_LOG_RANGE = 2_048n;
/** Bytes of an entry beside its two strings (their headers, the entry, the map's slot), roughly. */
const ENTRY_OVERHEAD = 96;
/** The share of maxBytes kept for block headers, apart from every other answer. */
const HEADER_SHARE = 0.25;
const HEADER_METHODS: ReadonlySet<string> = new Set(['eth_getBlockByNumber', 'eth_getBlockByHash']);

/** What an answer depends on: a block by hash (immutable), a block by number, or nothing kept. */
type Anchor = { kind: 'hash' } | { kind: 'number'; number: bigint } | { kind: 'after' } | { kind: 'never' };

interface Entry {
  /** The answer as JSON text: a one-byte string takes its length in memory, the parsed objects 2–4×. */
  text: string;
  bytes: number;
  /** Kept for good (by hash, final, or chain-independent), else valid in `epoch` only. */
  final: boolean;
  epoch: number;
}

/** Answers kept within a byte budget, least recently used first out. */
interface Pool {
  entries: Map<string, Entry>;
  bytes: number;
  maxBytes: number;
}

interface Head {
  number: bigint;
  hash: string;
}

function hexNumber(value: unknown): bigint | undefined {
  return typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) ? BigInt(value) : undefined;
}

/** A block parameter: a hex number, `{ blockHash }` / `{ blockNumber }` (EIP-1898), or a tag. */
function blockParameter(value: unknown): Anchor {
  const number = hexNumber(value);
  if (number !== undefined) {
    return { kind: 'number', number };
  }
  if (value && typeof value === 'object') {
    if ('blockHash' in value) {
      return { kind: 'hash' };
    }
    if ('blockNumber' in value) {
      const inner = hexNumber((value as { blockNumber: unknown }).blockNumber);
      return inner === undefined ? { kind: 'never' } : { kind: 'number', number: inner };
    }
  }
  return { kind: 'never' };
}

/** What the request's answer depends on, known from the request alone (receipts: from the answer). */
function anchorOf(method: string, params: unknown): Anchor {
  const list = Array.isArray(params) ? params : [];
  switch (method) {
    case 'eth_chainId':
      return { kind: 'hash' };
    case 'eth_getBlockByHash':
      return list[1] === true ? { kind: 'never' } : { kind: 'hash' };
    case 'eth_getTransactionReceipt':
      return { kind: 'after' };
    case 'eth_getBlockByNumber':
      // A block with its transactions is cut to the wallets' own by its reader, and kept there.
      return list[1] === true ? { kind: 'never' } : blockParameter(list[0]);
    case 'eth_getTransactionCount':
    case 'eth_getBalance':
    case 'eth_getCode':
      return blockParameter(list[1]);
    // Kept decoded, by block hash, in the engine's block cache (see above).
    case 'eth_call':
      return { kind: 'never' };
    case 'eth_getStorageAt':
      return blockParameter(list[2]);
    case 'eth_feeHistory':
      return blockParameter(list[1]);
    case 'eth_getLogs': {
      const filter = (list[0] ?? {}) as { blockHash?: unknown; fromBlock?: unknown; toBlock?: unknown };
      if (filter.blockHash !== undefined) {
        return { kind: 'hash' };
      }
      const [from, to] = [hexNumber(filter.fromBlock), hexNumber(filter.toBlock)];
      if (from !== undefined && to !== undefined && to - from >= MAX_KEPT_LOG_RANGE) {
        return { kind: 'never' };
      }
      return blockParameter(filter.toBlock);
    }
    default:
      return { kind: 'never' };
  }
}

export function createChainReads(options: ChainReadsOptions = {}): ChainReads {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const depth = BigInt(options.finalityDepth ?? DEFAULT_FINALITY_DEPTH);
  const headerBytes = Math.floor(maxBytes * HEADER_SHARE);
  const pools = {
    headers: { entries: new Map<string, Entry>(), bytes: 0, maxBytes: headerBytes },
    others: { entries: new Map<string, Entry>(), bytes: 0, maxBytes: maxBytes - headerBytes },
  };
  const poolOf = (method: string): Pool => (HEADER_METHODS.has(method) ? pools.headers : pools.others);
  const inflight = createInflight();
  const counters = { hits: 0, misses: 0, joins: 0, uncacheable: 0, checks: 0, reorgs: 0, evictions: 0 };
  let epoch = 0;
  /** The newest head read, and the highest block number ever seen as a head (for finality). */
  let head: Head | undefined;
  let highest = -1n;
  /** A head that moved since recent answers were kept: checked once, before the next is served. */
  let unverified: Head | undefined;
  let checking: Promise<void> | undefined;

  const store = (pool: Pool, id: string, entry: Entry) => {
    if (entry.bytes > maxEntryBytes || entry.bytes > pool.maxBytes) {
      counters.uncacheable++;
      return;
    }
    const previous = pool.entries.get(id);
    if (previous) {
      pool.entries.delete(id);
      pool.bytes -= previous.bytes;
    }
    pool.entries.set(id, entry);
    pool.bytes += entry.bytes;
    for (const [oldId, old] of pool.entries) {
      if (pool.bytes <= pool.maxBytes) {
        break;
      }
      pool.entries.delete(oldId);
      pool.bytes -= old.bytes;
      counters.evictions++;
    }
  };

  const newEpoch = () => {
    epoch++;
    counters.reorgs++;
  };

  const observeHead = (seen: Head) => {
    if (seen.number > highest) {
      highest = seen.number;
    }
    if (!head) {
      head = seen;
      return;
    }
    if (seen.hash === head.hash) {
      return;
    }
    if (seen.number <= head.number) {
      // Replaced at or under the height we knew: not one chain.
      newEpoch();
      unverified = undefined;
    } else {
      unverified ??= head;
    }
    head = seen;
  };

  const verify = async (send: Send) => {
    const previous = unverified;
    if (!previous) {
      return;
    }
    checking ??= (async () => {
      counters.checks++;
      try {
        const block = (await send('eth_getBlockByNumber', [`0x${previous.number.toString(16)}`, false])) as {
          hash?: string;
        } | null;
        if (block?.hash?.toLowerCase() !== previous.hash.toLowerCase()) {
          newEpoch();
        }
      } catch {
        // Unknown: treat as replaced rather than serve what may be stale.
        newEpoch();
      }
      if (unverified === previous) {
        unverified = undefined;
      }
    })().finally(() => {
      checking = undefined;
    });
    await checking;
  };

  const finalOrEpoch = (number: bigint): { final: boolean } | undefined => {
    if (!head || number > head.number) {
      return undefined;
    }
    return { final: number <= highest - depth };
  };

  const keep = (pool: Pool, id: string, value: unknown, final: boolean) => {
    const text = JSON.stringify(value);
    store(pool, id, { text, final, epoch, bytes: text.length + id.length + ENTRY_OVERHEAD });
  };

  return {
    async request(method, params, send) {
      const anchor = anchorOf(method, params);
      if (anchor.kind === 'never') {
        const value = await send(method, params);
        if (method === 'eth_getBlockByNumber' && Array.isArray(params) && params[0] === 'latest') {
          const block = value as { number?: string; hash?: string } | null;
          const number = hexNumber(block?.number);
          if (number !== undefined && typeof block?.hash === 'string') {
            observeHead({ number, hash: block.hash.toLowerCase() });
          }
        }
        return value;
      }
      const id = `${method}\u0000${JSON.stringify(params)}`;
      const pool = poolOf(method);
      const entry = pool.entries.get(id);
      if (entry && !entry.final) {
        await verify(send);
      }
      const current = pool.entries.get(id);
      if (current && (current.final || current.epoch === epoch)) {
        counters.hits++;
        pool.entries.delete(id);
        pool.entries.set(id, current);
        // Parsed afresh on each hit: no caller can change what another is served.
        return restoreAnswer(method, JSON.parse(current.text));
      }
      const { promise, joined } = inflight.run(id, async () => {
        const readInEpoch = epoch;
        const value = cutAnswer(method, params, await send(method, params));
        if (value === null || value === undefined || readInEpoch !== epoch) {
          counters.uncacheable++;
          return restoreAnswer(method, value);
        }
        if (anchor.kind === 'hash') {
          keep(pool, id, value, true);
          return restoreAnswer(method, value);
        }
        const number =
          anchor.kind === 'number' ? anchor.number : hexNumber((value as { blockNumber?: unknown }).blockNumber);
        const status = number === undefined ? undefined : finalOrEpoch(number);
        if (!status) {
          counters.uncacheable++;
        } else {
          if (!status.final) {
            // A recent answer is only as good as the chain it was read on: check a moved head first.
            await verify(send);
          }
          if (status.final || readInEpoch === epoch) {
            keep(pool, id, value, status.final);
          } else {
            counters.uncacheable++;
          }
        }
        return restoreAnswer(method, value);
      });
      if (joined) {
        counters.joins++;
      } else {
        counters.misses++;
      }
      return promise;
    },
    stats() {
      const kept: Record<string, { entries: number; bytes: number }> = {};
      for (const pool of [pools.headers, pools.others]) {
        for (const [id, entry] of pool.entries) {
          const method = id.slice(0, id.indexOf('\u0000'));
          const row = (kept[method] ??= { entries: 0, bytes: 0 });
          row.entries++;
          row.bytes += entry.bytes;
        }
      }
      return {
        ...counters,
        entries: pools.headers.entries.size + pools.others.entries.size,
        bytes: pools.headers.bytes + pools.others.bytes,
        kept,
      };
    },
  };
}

/** A viem transport whose reads go through `reads` first; everything else reaches `inner` unchanged. */
export function withChainReads(inner: Transport, reads: ChainReads): Transport {
  return (config) => {
    const base = inner(config);
    const send: Send = (method, params) =>
      (base.request as (args: { method: string; params?: unknown }) => Promise<unknown>)({ method, params });
    const request = ((args: { method: string; params?: unknown }) =>
      reads.request(args.method, args.params, send)) as unknown as EIP1193RequestFn;
    return { ...base, request };
  };
}
