/**
 * Which blocks and events a range covers. One rule for events and block series: fromMs ≤ time < toMs.
 * State KPIs read the last simulated block at or before toMs (so a block exactly at toMs is the state
 * block while it is outside the series: a query's "to" is normally now, after the last block).
 */
import type { BlockRecord, WorldRecord } from '../record';
import type { TimeRange } from './types';

import { DAY_MS } from '../../../../src/core/time';

export { DAY_MS };

export function inRange(timeMs: number, range: TimeRange): boolean {
  return timeMs >= range.fromMs && timeMs < range.toMs;
}

export function blockMs(block: BlockRecord): number {
  return block.timestamp * 1000;
}

/** Positions in record.blocks of the blocks whose timestamp is in the range. */
export function blocksInRange(record: WorldRecord, range: TimeRange): number[] {
  const positions: number[] = [];
  record.blocks.forEach((block, i) => {
    if (inRange(blockMs(block), range)) {
      positions.push(i);
    }
  });
  return positions;
}

/** Position of the last block at or before a time, or undefined when the history starts later. */
export function blockAtOrBefore(record: WorldRecord, timeMs: number): number | undefined {
  let found: number | undefined;
  record.blocks.forEach((block, i) => {
    if (blockMs(block) <= timeMs) {
      found = i;
    }
  });
  return found;
}

/** The range's length in days: per-day rates divide by the range asked for, not by the data's span. */
export function rangeDays(range: TimeRange): number {
  return (range.toMs - range.fromMs) / DAY_MS;
}
