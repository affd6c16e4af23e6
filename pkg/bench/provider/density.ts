/**
 * The world's blocks presented at mainnet density. The demo world mines a block every 30 minutes; a
 * month of Ethereum is a block every 12 s (~216,000 blocks). Each world block keeps its timestamp and
 * is presented at a higher number: the gap between two consecutive world blocks becomes as many
 * presented blocks as 12-second slots fit in their time difference (at least one), and the presented
 * blocks in between are empty ones the proxy makes up, their timestamps spread evenly over the gap
 * (rounded down, so they never decrease). World block 0 is presented as block 0.
 *
 * Block numbers here are plain numbers: a presented chain of a few million blocks is far below 2^53.
 */
export const MAINNET_SECONDS_PER_BLOCK = 12;

export interface DensityMap {
  readonly secondsPerBlock: number;
  /** Timestamp of world block n. */
  readonly times: number[];
  /** Presented number of world block n (strictly increasing, starts[0] = 0). */
  readonly starts: number[];
}

/** Where a presented block comes from: a world block, or one made up in the gap after world block `below`. */
export type PresentedBlock =
  { kind: 'world'; world: number; timestamp: number } | { kind: 'synthetic'; below: number; timestamp: number };

export function createDensityMap(secondsPerBlock = MAINNET_SECONDS_PER_BLOCK): DensityMap {
  if (!(secondsPerBlock > 0)) {
    throw new RangeError(`seconds per block must be positive (${secondsPerBlock})`);
  }
  return { secondsPerBlock, times: [], starts: [] };
}

/** Appends the next world blocks' timestamps (world blocks are never replaced: the world does not reorg). */
export function extendDensity(map: DensityMap, timestamps: readonly number[]): void {
  for (const timestamp of timestamps) {
    const n = map.times.length;
    if (n === 0) {
      map.starts.push(0);
    } else {
      const slots = Math.round((timestamp - map.times[n - 1]) / map.secondsPerBlock);
      map.starts.push(map.starts[n - 1] + Math.max(1, slots));
    }
    map.times.push(timestamp);
  }
}

export function worldBlocks(map: DensityMap): number {
  return map.times.length;
}

/** The presented head: the last world block's presented number (-1 when there is no block yet). */
export function presentedHead(map: DensityMap): number {
  return map.starts.length === 0 ? -1 : map.starts[map.starts.length - 1];
}

export function presentedOf(map: DensityMap, world: number): number {
  const start = map.starts[world];
  if (start === undefined) {
    throw new RangeError(`world block ${world} is not known (${map.starts.length} are)`);
  }
  return start;
}

/** The last world block presented at or below `presented` (its index in `starts`). */
export function worldAtOrBefore(map: DensityMap, presented: number): number {
  let low = 0;
  let high = map.starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (map.starts[middle] <= presented) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

/** The first world block presented at or above `presented`, or undefined when it is above the head. */
export function worldAtOrAfter(map: DensityMap, presented: number): number | undefined {
  if (presented > presentedHead(map)) {
    return undefined;
  }
  const below = worldAtOrBefore(map, presented);
  return map.starts[below] >= presented ? below : below + 1;
}

/** What presented block `presented` is; undefined below 0 or above the head. */
export function locate(map: DensityMap, presented: number): PresentedBlock | undefined {
  if (!Number.isInteger(presented) || presented < 0 || presented > presentedHead(map)) {
    return undefined;
  }
  const below = worldAtOrBefore(map, presented);
  const start = map.starts[below];
  if (start === presented) {
    return { kind: 'world', world: below, timestamp: map.times[below] };
  }
  const span = map.starts[below + 1] - start;
  const seconds = map.times[below + 1] - map.times[below];
  return {
    kind: 'synthetic',
    below,
    timestamp: map.times[below] + Math.floor(((presented - start) * seconds) / span),
  };
}
