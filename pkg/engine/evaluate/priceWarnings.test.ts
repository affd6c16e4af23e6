/** The warnings of flagged prices: which KPIs carry them, which blocks count, and what they say. */
import { findKpi, KPIS, type KpiDefinition } from '../../../src/core/catalogue';
import { DAY, H, T0, dataset, snapshot } from '../kpis/testDataset';
import type { PriceFlag } from '../model';
import { evaluateKpi } from './evaluate';
import { flagsUsed, priceWarnings, readsPrices } from './priceWarnings';

const stale = (blockNumber: bigint, timeMs: number, ageSec = 5_400): PriceFlag => ({
  symbol: 'WETH',
  blockNumber,
  timeMs,
  valuedAt: 'coingecko',
  problem: { kind: 'stale', ageSec, heartbeatSec: 3_600 },
});

const of = (id: string): KpiDefinition => {
  const kpi = findKpi(id);
  if (!kpi) {
    throw new Error(`no KPI ${id}`);
  }
  return kpi;
};

describe('priceWarnings', () => {
  it('sums up a stale window as one warning naming the asset, the blocks and times, and the fallback', () => {
    const at = Date.UTC(2026, 0, 5, 10);
    const flags = [stale(102n, at + H, 9_000), stale(101n, at)];
    expect(priceWarnings(flags)).toEqual([
      'WETH price: the Chainlink answer was older than its 3600 s heartbeat (up to 9000 s) at 2 blocks from ' +
        "#101 (2026-01-05T10:00:00.000Z) to #102 (2026-01-05T11:00:00.000Z); valued at CoinGecko's price there instead",
    ]);
  });

  it('says when a stale answer was kept, a failed feed fell back, and how far off CoinGecko an answer was', () => {
    const at = Date.UTC(2026, 0, 5, 10);
    const warnings = priceWarnings([
      { ...stale(7n, at), symbol: 'WBTC', valuedAt: 'feed' },
      {
        symbol: 'USDC',
        blockNumber: 7n,
        timeMs: at,
        valuedAt: 'coingecko',
        problem: { kind: 'failed', reason: 'no code' },
      },
      {
        symbol: 'USDC',
        blockNumber: 8n,
        timeMs: at + H,
        valuedAt: 'feed',
        problem: { kind: 'deviating', feedPrice: 1.0301, coingeckoPrice: 1, deviation: 0.0301, maxDeviation: 0.02 },
      },
    ]);
    expect(warnings).toEqual([
      "WBTC price: the Chainlink answer was older than its 3600 s heartbeat (up to 5400 s) at block #7 (2026-01-05T10:00:00.000Z); no CoinGecko price to fall back on: the feed's answer is used",
      "USDC price: the Chainlink feed failed at block #7 (2026-01-05T10:00:00.000Z) (no code); valued at CoinGecko's price there instead",
      "USDC price: the Chainlink answer was off CoinGecko's by more than 2 % at block #8 (2026-01-05T11:00:00.000Z) (at most 3.01 %, at #8); the feed's answer is kept where it was not stale",
    ]);
  });

  it('says when CoinGecko could not check a feed, and why', () => {
    const at = Date.UTC(2026, 0, 5, 10);
    expect(
      priceWarnings([
        {
          symbol: 'WETH',
          blockNumber: 3n,
          timeMs: at,
          valuedAt: 'feed',
          problem: { kind: 'unchecked', reason: 'HTTP 429' },
        },
      ])
    ).toEqual([
      'WETH price: CoinGecko could not be read (HTTP 429), so the Chainlink answer was not checked against it, nor replaced if stale, at block #3 (2026-01-05T10:00:00.000Z)',
    ]);
  });

  it("counts the window's blocks, the state block before it and the look-back days, nothing else", () => {
    const window = { fromMs: T0, toMs: T0 + DAY };
    const flags = [
      stale(1n, T0 - 2 * DAY),
      stale(2n, T0 - H),
      stale(3n, T0),
      stale(4n, T0 + DAY),
      stale(5n, T0 - 3 * DAY),
    ];
    expect(flagsUsed(flags, { window }).map((f) => f.blockNumber)).toEqual([3n]);
    expect(
      flagsUsed(flags, { window, stateTimeMs: T0 - H, historyTimesMs: [T0 - 2 * DAY] }).map((f) => f.blockNumber)
    ).toEqual([1n, 2n, 3n]);
  });

  it('knows which KPIs value at prices: those reading a part priced from the feeds', () => {
    const priced = KPIS.filter((k) => readsPrices(k.reads)).map((k) => k.id);
    expect(priced).toEqual(expect.arrayContaining(['net_delta', 'var_99_1d', 'total_pnl', 'gas_risk_ratio']));
    expect(priced).not.toContain('uptime');
    expect(priced).not.toContain('node_health');
  });
});

describe('evaluateKpi with flagged prices', () => {
  const window = { fromMs: T0, toMs: T0 + DAY };
  const data = dataset({
    window,
    snapshots: [snapshot(T0 + H)],
    priceFlags: [stale(9n, T0 + H)],
  });

  it('puts the warning on a KPI valued at the flagged price', () => {
    const outcome = evaluateKpi(of('onchain_inventory'), data, window);
    expect(outcome.result?.warnings).toEqual([expect.stringMatching(/^WETH price: .*#9 .*valued at CoinGecko/)]);
  });

  it('leaves it off a KPI that values nothing, and off a window without the flagged block', () => {
    expect(evaluateKpi(of('uptime'), data, window).result?.warnings).toBeUndefined();
    const later = { fromMs: T0 + 2 * H, toMs: T0 + DAY };
    // The state block of `later` is still the flagged one: a window it ends in is valued there.
    expect(evaluateKpi(of('onchain_inventory'), data, later).result?.warnings).toHaveLength(1);
    const before = { fromMs: T0 - DAY, toMs: T0 };
    expect(evaluateKpi(of('rebalancing_count'), data, before).result?.warnings).toBeUndefined();
  });
});
