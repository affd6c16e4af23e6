/**
 * The (number, timestamp, hash) headers already seen, shared across `blockAtOrBefore` calls so that
 * a dashboard's many sample times narrow each other's search. Only headers deep enough to be final are
 * kept: a header near the head may be reorged away, and a stale hash would defeat the block cache.
 */
export interface BlockHeader {
  number: bigint;
  timestamp: bigint;
  hash: string;
}

export interface Bracket {
  /** The last known header with timestamp ≤ t. */
  below?: BlockHeader;
  /** The first known header with timestamp > t. */
  above?: BlockHeader;
}

export interface BlockPoints {
  bracket(timestampSec: bigint): Bracket;
  add(header: BlockHeader): void;
  /** Forgets every header above `number` (the chain was reset or rewound below them). */
  dropAbove(number: bigint): void;
  readonly size: number;
}

const DEFAULT_MAX_POINTS = 10_000;

export function createBlockPoints(maxPoints = DEFAULT_MAX_POINTS): BlockPoints {
  // Sorted by number, hence by timestamp too (timestamps never decrease along the chain).
  let sorted: BlockHeader[] = [];

  /** Index of the first header whose `key` is above `value`. */
  const upperBound = (value: bigint, key: (header: BlockHeader) => bigint) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(sorted[mid]) <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };

  return {
    bracket(timestampSec) {
      const index = upperBound(timestampSec, (header) => header.timestamp);
      return { below: sorted[index - 1], above: sorted[index] };
    },
    add(header) {
      const index = upperBound(header.number, (known) => known.number);
      if (sorted[index - 1]?.number === header.number) {
        return;
      }
      sorted.splice(index, 0, header);
      if (sorted.length > maxPoints) {
        // Thinning (every other point) keeps the coverage even across the chain, unlike dropping
        // the oldest, and one search re-adds the few points a region needs.
        sorted = sorted.filter((_, i) => i % 2 === 0);
      }
    },
    dropAbove(number) {
      sorted = sorted.slice(
        0,
        upperBound(number, (header) => header.number)
      );
    },
    get size() {
      return sorted.length;
    },
  };
}
