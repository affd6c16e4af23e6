export type BackoffParameters = {
  /** Zero for the wait after the first failed attempt. */
  retry: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
};

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(max, base·2^retry)]): many panels
 * refresh on the same tick, and without jitter their retries would hit a rate-limited API in lockstep.
 */
export function backoffDelay({ retry, baseMs, maxMs, random }: BackoffParameters): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** retry));
}
