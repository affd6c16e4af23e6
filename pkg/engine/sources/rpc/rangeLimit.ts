/**
 * Recognises a provider refusing an eth_getLogs because the range or the result is too large, as
 * opposed to a node being down: only the former is cured by asking for a smaller range.
 */

/** Infura -32005 "query returned more than 10000 results", Alchemy "block range", QuickNode "exceeds"… */
const LIMIT_PATTERN =
  /more than \d+ results|-32005|block range|exceed|too many|range (?:is )?too (?:large|wide)|limited to/i;
const LIMIT_CODE = -32005;

/**
 * HTTP 429: the provider's throughput, not the range. Alchemy's 429 body says the app "exceeded its
 * compute units per second capacity", which LIMIT_PATTERN would take for a range refusal and halve
 * the range of, each half refused again while the node cools down, down to a single block.
 */
const THROTTLED_STATUS = 429;

export function isRangeLimitError(error: unknown): boolean {
  let link: unknown = error;
  for (let depth = 0; depth < 10 && typeof link === 'object' && link !== null; depth++) {
    if ('status' in link && link.status === THROTTLED_STATUS) {
      return false;
    }
    if ('code' in link && link.code === LIMIT_CODE) {
      return true;
    }
    for (const key of ['details', 'shortMessage'] as const) {
      if (key in link) {
        const text: unknown = (link as Record<string, unknown>)[key];
        if (typeof text === 'string' && LIMIT_PATTERN.test(text)) {
          return true;
        }
      }
    }
    link = 'cause' in link ? link.cause : undefined;
  }
  // Errors that are not viem's (no shortMessage/details) only have their message to go by.
  return error instanceof Error && !('shortMessage' in error) && LIMIT_PATTERN.test(error.message);
}
