/**
 * Timestamp → the last block whose timestamp is ≤ t. Block spacing is irregular (missed slots, halts,
 * several blocks in one second on some chains), so the search interpolates between the tightest known
 * bounds, overshoots to close the bracket from both sides, and falls back to bisection when a step
 * gains little, so a lookup costs a few RPCs on regular stretches and never more than ~3 × log2(n).
 */
import { PmmError } from '../../../src/core/errors';
import { createBlockPoints, type BlockHeader, type BlockPoints } from './blockPoints';

export type { BlockHeader } from './blockPoints';

export interface BlockReader {
  getBlock(number: bigint): Promise<BlockHeader>;
  head(): Promise<BlockHeader>;
}

export interface BlockAtTimeOptions {
  /** Known headers shared across calls; without it each call starts from genesis and head. */
  points?: BlockPoints;
  /** Headers within this many blocks of the head may still be reorged, so are not remembered. Default 64. */
  finalityDepth?: bigint;
}

export type BlockAtOrBeforeErrorType = PmmError;

const DEFAULT_FINALITY_DEPTH = 64n;

/**
 * The last block with timestamp ≤ `timestampSec`; the head when t is at or after it. A t before
 * genesis throws a `PmmError` rather than returning block 0: the chain had no state then, and a KPI
 * evaluated at genesis would show a value for a time when nothing existed.
 */
export async function blockAtOrBefore(
  timestampSec: number | bigint,
  chain: BlockReader,
  options: BlockAtTimeOptions = {}
): Promise<BlockHeader> {
  const t = toSeconds(timestampSec);
  const points = options.points ?? createBlockPoints();
  const finalityDepth = options.finalityDepth ?? DEFAULT_FINALITY_DEPTH;

  const head = await chain.head();
  if (t >= head.timestamp) {
    return head;
  }
  points.dropAbove(head.number);
  const remember = (header: BlockHeader) => {
    if (header.number <= head.number - finalityDepth) {
      points.add(header);
    }
  };
  const read = async (number: bigint) => {
    const header = await chain.getBlock(number);
    if (header.number !== number) {
      throw new PmmError('blockAtTime', `asked for block ${number}, the node returned block ${header.number}`, {
        fix: 'check that the RPC endpoint serves the chain the data source is configured for',
      });
    }
    remember(header);
    return header;
  };

  const known = points.bracket(t);
  const below = known.below ?? (await read(0n));
  if (t < below.timestamp) {
    throw new PmmError('blockAtTime', `${t} is before the chain's first block (timestamp ${below.timestamp})`, {
      fix: 'choose a time range that starts after the chain began',
      kind: 'before-first-block',
    });
  }
  const above = known.above && known.above.number < head.number ? known.above : head;
  return search(t, below, above, read);
}

/**
 * Invariant: lo.timestamp ≤ t < hi.timestamp, so the answer is in [lo, hi); ends when they are adjacent.
 * Each guess interpolates between the bracket ends, then is pushed past the estimate, away from the
 * bound that just moved, by half the distance the estimate lies from it: plain interpolation keeps
 * landing on the same side when the local spacing differs from the bracket's average (regula falsi),
 * and only closes the bracket from one end; overshooting makes the next probe land on the other side.
 */
async function search(
  t: bigint,
  low: BlockHeader,
  high: BlockHeader,
  read: (number: bigint) => Promise<BlockHeader>
): Promise<BlockHeader> {
  let lo = low;
  let hi = high;
  let moved: 'lo' | 'hi' | undefined;
  let slowSteps = 0;
  while (hi.number - lo.number > 1n) {
    const span = hi.number - lo.number;
    const guess = slowSteps >= 2 ? lo.number + span / 2n : nextGuess(t, lo, hi, moved);
    const block = await read(guess);
    if (block.timestamp <= t) {
      lo = block;
      moved = 'lo';
    } else {
      hi = block;
      moved = 'hi';
    }
    slowSteps = (hi.number - lo.number) * 2n > span ? slowSteps + 1 : 0;
  }
  return lo;
}

function nextGuess(t: bigint, lo: BlockHeader, hi: BlockHeader, moved: 'lo' | 'hi' | undefined): bigint {
  const span = Number(hi.number - lo.number);
  const fraction = Number(t - lo.timestamp) / Number(hi.timestamp - lo.timestamp);
  const estimate = span * fraction;
  let offset = estimate;
  if (moved === 'lo') {
    offset = estimate + Math.max(1, OVERSHOOT * estimate);
  } else if (moved === 'hi') {
    offset = estimate - Math.max(0, OVERSHOOT * (span - estimate));
  }
  return lo.number + clamp(BigInt(Math.floor(offset)), 1n, BigInt(span) - 1n);
}

const OVERSHOOT = 0.25;

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}

function toSeconds(timestampSec: number | bigint): bigint {
  if (typeof timestampSec === 'bigint') {
    return timestampSec;
  }
  if (!Number.isFinite(timestampSec)) {
    throw new PmmError('blockAtTime', `timestamp ${timestampSec} is not a finite number of seconds`, {
      fix: 'pass Unix seconds (a Grafana time in ms divided by 1000)',
    });
  }
  // A block at t with fractional seconds: the blocks at or before it are those at or before floor(t).
  return BigInt(Math.floor(timestampSec));
}
