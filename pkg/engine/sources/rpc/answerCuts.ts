/**
 * JSON-RPC answers cut to the fields the engine reads, before the chain reads keep them: a store of a
 * given size then holds several times more blocks, and a refresh re-reads fewer. Measured on the
 * provider bench (2026-12-03, mainnet density): a header kept whole was ~2.6 KB, an eth_feeHistory page
 * of 1,024 blocks ~61 KB (a gas-used ratio per block beside each base fee); full, the 12 MiB share of
 * headers held 3,136 headers and an unchanged refresh read 2,302 of them again.
 *
 * Every answer of these methods goes through its cut, kept or not, so a query sees the same fields on
 * a first load and on a refresh. A receipt's logs lose only what repeats the receipt's own fields
 * (block, transaction), restored on the way out: the node's answer, less its bloom and cumulative gas.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pick(value: Json, fields: readonly string[]): Json {
  const picked: Json = {};
  for (const field of fields) {
    if (value[field] !== undefined) {
      picked[field] = value[field];
    }
  }
  return picked;
}

/** What a header is read for: where it is (number, hash, parent), when, and its base fee. */
const HEADER_FIELDS = ['number', 'hash', 'parentHash', 'timestamp', 'baseFeePerGas'] as const;
const RECEIPT_FIELDS = [
  'transactionHash',
  'transactionIndex',
  'blockHash',
  'blockNumber',
  'from',
  'to',
  'contractAddress',
  'status',
  'type',
  'gasUsed',
  'effectiveGasPrice',
] as const;
/** What a receipt's log says of its own; the rest repeats the receipt. */
const LOG_FIELDS = ['address', 'topics', 'data', 'logIndex'] as const;
const LOG_FROM_RECEIPT = ['blockHash', 'blockNumber', 'transactionHash', 'transactionIndex'] as const;
/** Base fees only: `baseFeesBetween` reads nothing else (rewards are never asked for). */
const FEE_HISTORY_FIELDS = ['oldestBlock', 'baseFeePerGas'] as const;

/** The answer as kept and served: cut to what is read. A block with its transactions is not cut. */
export function cutAnswer(method: string, params: unknown, value: unknown): unknown {
  if (!isRecord(value)) {
    return value;
  }
  switch (method) {
    case 'eth_getBlockByNumber':
    case 'eth_getBlockByHash':
      return Array.isArray(params) && params[1] === true ? value : pick(value, HEADER_FIELDS);
    case 'eth_getTransactionReceipt':
      return {
        ...pick(value, RECEIPT_FIELDS),
        logs: Array.isArray(value.logs) ? value.logs.map((log) => (isRecord(log) ? pick(log, LOG_FIELDS) : log)) : [],
      };
    case 'eth_feeHistory':
      return pick(value, FEE_HISTORY_FIELDS);
    default:
      return value;
  }
}

/** A kept answer as a node gives it (a receipt's logs get their block and transaction back). */
export function restoreAnswer(method: string, kept: unknown): unknown {
  if (method !== 'eth_getTransactionReceipt' || !isRecord(kept) || !Array.isArray(kept.logs)) {
    return kept;
  }
  const fromReceipt = pick(kept, LOG_FROM_RECEIPT);
  return { ...kept, logs: kept.logs.map((log) => (isRecord(log) ? { ...log, ...fromReceipt, removed: false } : log)) };
}
