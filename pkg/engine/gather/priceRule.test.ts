/** Revision 2's price rule on hand values: heartbeat edges, the 2 % deviation edges, the fallbacks. */
import { PmmError } from '../../../src/core/errors';
import { rulePrice, type FeedReading } from './priceRule';

const HOUR = 3_600;
const fresh = (price: number, ageSec = 60): FeedReading => ({ ok: true, price, ageSec });
const reverted: FeedReading = {
  ok: false,
  error: new PmmError('chainlink', 'latestRoundData() of 0xfeed reverted', { fix: 'check the feed address' }),
};

describe('rulePrice', () => {
  it('keeps an answer exactly as old as the heartbeat, unflagged', () => {
    expect(rulePrice({ feed: fresh(3000, HOUR), heartbeatSec: HOUR, coingecko: 3010, maxDeviation: 0.02 })).toEqual({
      price: 3000,
      valuedAt: 'feed',
      problems: [],
    });
  });

  it('values an answer one second over the heartbeat at CoinGecko, flagged stale', () => {
    expect(rulePrice({ feed: fresh(3000, HOUR + 1), heartbeatSec: HOUR, coingecko: 3010, maxDeviation: 0.02 })).toEqual(
      {
        price: 3010,
        valuedAt: 'coingecko',
        problems: [{ kind: 'stale', ageSec: HOUR + 1, heartbeatSec: HOUR }],
      }
    );
  });

  it('keeps a stale answer, flagged, where CoinGecko has no price', () => {
    expect(
      rulePrice({ feed: fresh(3000, HOUR + 1), heartbeatSec: HOUR, coingecko: undefined, maxDeviation: 0.02 })
    ).toEqual({ price: 3000, valuedAt: 'feed', problems: [{ kind: 'stale', ageSec: HOUR + 1, heartbeatSec: HOUR }] });
  });

  it('flags an answer 2.01 % above CoinGecko and keeps it; 1.99 % is not flagged', () => {
    // 102.01 / 100 − 1 = 0.0201 > 0.02; 101.99 / 100 − 1 = 0.0199.
    const over = rulePrice({ feed: fresh(102.01), heartbeatSec: HOUR, coingecko: 100, maxDeviation: 0.02 });
    expect(over.price).toBe(102.01);
    expect(over.valuedAt).toBe('feed');
    expect(over.problems).toHaveLength(1);
    expect(over.problems[0]).toMatchObject({ kind: 'deviating', feedPrice: 102.01, coingeckoPrice: 100 });
    expect(over.problems[0].kind === 'deviating' && over.problems[0].deviation).toBeCloseTo(0.0201, 12);
    expect(rulePrice({ feed: fresh(101.99), heartbeatSec: HOUR, coingecko: 100, maxDeviation: 0.02 }).problems).toEqual(
      []
    );
  });

  it('measures the deviation against CoinGecko both ways: 2.01 % below is flagged, 1.99 % below is not', () => {
    expect(
      rulePrice({ feed: fresh(97.99), heartbeatSec: HOUR, coingecko: 100, maxDeviation: 0.02 }).problems.map(
        (p) => p.kind
      )
    ).toEqual(['deviating']);
    expect(rulePrice({ feed: fresh(98.01), heartbeatSec: HOUR, coingecko: 100, maxDeviation: 0.02 }).problems).toEqual(
      []
    );
  });

  it('flags a stale answer that is also off CoinGecko twice, and values it at CoinGecko', () => {
    const ruled = rulePrice({ feed: fresh(1000, 5_400), heartbeatSec: HOUR, coingecko: 1100, maxDeviation: 0.02 });
    expect(ruled.price).toBe(1100);
    expect(ruled.problems.map((p) => p.kind)).toEqual(['stale', 'deviating']);
  });

  it("falls back to CoinGecko when the feed reverts, naming the feed's failure", () => {
    expect(rulePrice({ feed: reverted, heartbeatSec: HOUR, coingecko: 2990, maxDeviation: 0.02 })).toEqual({
      price: 2990,
      valuedAt: 'coingecko',
      problems: [{ kind: 'failed', reason: 'latestRoundData() of 0xfeed reverted' }],
    });
  });

  it("throws the feed's own error when it fails and CoinGecko has no price", () => {
    expect(() => rulePrice({ feed: reverted, heartbeatSec: HOUR, coingecko: undefined, maxDeviation: 0.02 })).toThrow(
      'chainlink: latestRoundData() of 0xfeed reverted (check the feed address)'
    );
  });

  it('takes a CoinGecko price of 0 for none: no fallback, no deviation', () => {
    expect(rulePrice({ feed: fresh(3000, HOUR + 1), heartbeatSec: HOUR, coingecko: 0, maxDeviation: 0.02 })).toEqual({
      price: 3000,
      valuedAt: 'feed',
      problems: [{ kind: 'stale', ageSec: HOUR + 1, heartbeatSec: HOUR }],
    });
    expect(() => rulePrice({ feed: reverted, heartbeatSec: HOUR, coingecko: 0, maxDeviation: 0.02 })).toThrow(
      'reverted'
    );
  });
});
