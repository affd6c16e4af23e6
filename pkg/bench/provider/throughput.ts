/**
 * A provider's throughput budget as Alchemy describes it: a token bucket that holds `windowSeconds`
 * of budget and refills at `unitsPerSecond`, starting full. A request is served when the bucket holds
 * its whole cost, and then pays it; otherwise it is refused (HTTP 429) and pays nothing. Time is given,
 * never read, so the arithmetic can be checked by hand.
 */
export interface Bucket {
  readonly capacity: number;
  readonly unitsPerSecond: number;
  /** Units in the bucket at `atMs`. */
  units: number;
  atMs: number;
}

export function createBucket(unitsPerSecond: number, windowSeconds: number, nowMs: number): Bucket {
  if (!(unitsPerSecond > 0) || !(windowSeconds > 0)) {
    throw new RangeError(
      `a throughput budget needs positive units per second and window (${unitsPerSecond}, ${windowSeconds})`
    );
  }
  const capacity = unitsPerSecond * windowSeconds;
  return { capacity, unitsPerSecond, units: capacity, atMs: nowMs };
}

/** Refills the bucket up to `nowMs`, then takes `cost` if it is there. True when the request is served. */
export function take(bucket: Bucket, cost: number, nowMs: number): boolean {
  const elapsedMs = Math.max(0, nowMs - bucket.atMs);
  bucket.units = Math.min(bucket.capacity, bucket.units + (elapsedMs / 1000) * bucket.unitsPerSecond);
  bucket.atMs = Math.max(bucket.atMs, nowMs);
  if (cost > bucket.units) {
    return false;
  }
  bucket.units -= cost;
  return true;
}
