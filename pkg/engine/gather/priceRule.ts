/**
 * Revision 2's price of one asset at one block, from what its Chainlink feed answered there and what
 * CoinGecko said at the block's time (framework: "price"):
 * - a feed answer older than the feed's heartbeat (block time − updatedAt > heartbeat) is stale: with a
 *   CoinGecko price it is replaced by it, without one it is kept; flagged either way;
 * - a feed that fails (reverts, no code, no completed round, a non-positive answer) is replaced by
 *   CoinGecko's price, flagged; without one the feed's error stands;
 * - an answer off CoinGecko by more than the set share (|feed ÷ CoinGecko − 1|) is flagged and kept
 *   (a stale answer is checked too, so a flag says how far off the answer that was replaced was).
 * Pure: the reads are gather/prices.ts's.
 */
import type { PmmError } from '../../../src/core/errors';
import type { PriceProblem } from '../model';

/** What a feed answered at a block, as far as the price needs it. */
export type FeedReading = { ok: true; price: number; ageSec: number } | { ok: false; error: PmmError };

export interface RuledPrice {
  price: number;
  /** Where the price comes from: the feed's answer, or CoinGecko's in its place. */
  valuedAt: 'feed' | 'coingecko';
  problems: PriceProblem[];
}

export interface PriceRuleInput {
  feed: FeedReading;
  heartbeatSec: number;
  /** CoinGecko's price in force at the block's time; undefined where it is not configured or has none. */
  coingecko: number | undefined;
  /** A share: 0.02 = 2 %. */
  maxDeviation: number;
}

/** The price and its flags; throws the feed's error where the feed failed and CoinGecko has no price. */
export function rulePrice({ feed, heartbeatSec, coingecko: given, maxDeviation }: PriceRuleInput): RuledPrice {
  // A CoinGecko price of 0 (or less) is a gap in its data, not a price: neither a fallback nor a check.
  const coingecko = given !== undefined && given > 0 ? given : undefined;
  if (!feed.ok) {
    if (coingecko === undefined) {
      throw feed.error;
    }
    return { price: coingecko, valuedAt: 'coingecko', problems: [{ kind: 'failed', reason: feed.error.problem }] };
  }
  const problems: PriceProblem[] = [];
  const stale = feed.ageSec > heartbeatSec;
  if (stale) {
    problems.push({ kind: 'stale', ageSec: feed.ageSec, heartbeatSec });
  }
  if (coingecko !== undefined) {
    const deviation = Math.abs(feed.price / coingecko - 1);
    if (deviation > maxDeviation) {
      problems.push({ kind: 'deviating', feedPrice: feed.price, coingeckoPrice: coingecko, deviation, maxDeviation });
    }
  }
  return stale && coingecko !== undefined
    ? { price: coingecko, valuedAt: 'coingecko', problems }
    : { price: feed.price, valuedAt: 'feed', problems };
}
