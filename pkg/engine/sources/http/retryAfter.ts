/**
 * Milliseconds to wait as asked by a `Retry-After` header — either delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined when absent or unreadable, so the caller falls back to its own backoff
 * instead of trusting garbage.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  // V8's Date.parse takes "-1" or "2" as years; an HTTP date always spells its month.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  // A date in the past means "now"; a clock skewed behind the server's must not give a negative wait.
  return Math.max(0, date - now);
}
