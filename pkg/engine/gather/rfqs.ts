import type { Rfq } from '../model';
import type { ChainFill } from '../sources/activity';
import type { QuoteLogRfq } from '../sources/offchain';

/** The quote log's requests, each marked filled when its order hash was filled on chain. */
export function toRfqs(log: readonly QuoteLogRfq[], chainFills: readonly ChainFill[]): Rfq[] {
  const filled = new Set(chainFills.map((f) => f.orderHash.toLowerCase()));
  return log.map((r) => ({
    id: r.id,
    base: r.base,
    quote: r.quote,
    receivedAtMs: r.receivedAtMs,
    quotedAtMs: r.quotedAtMs,
    error: r.error,
    price: r.price,
    accepted: r.accepted,
    filled: r.orderHash !== null && filled.has(r.orderHash.toLowerCase()),
  }));
}
