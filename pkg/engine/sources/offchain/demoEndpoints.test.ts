/**
 * The off-chain sources against the demo world's own endpoint server (pkg/demo/endpoints), serving a
 * small hand-built ledger, so the sources and the demo agree on every format of docs/endpoints.md.
 */
import { serveEndpoints } from '../../../demo/endpoints';
import type { RunningServer } from '../../../demo/endpoints/http';
import { COINGECKO_IDS, DUNE_DAILY_VOLUME_QUERY_ID } from '../../../demo/endpoints/standIns';
import { buildRecord, rfq, settled, T0 } from '../../../demo/ledger/expected/testLedger';
import { getMarketChartRange, getSimplePrices } from './coingecko';
import { runDuneQuery } from './dune';
import { getHedgeAccount, getHedgeHistory } from './hedgeVenue';
import { getQuoteLog } from './quoteLog';
import { probeRfq } from './rfqProbe';

const HALF_HOUR = 1800;
const short = { asset: 'WETH' as const, size: -2, entryPrice: 1005, markPrice: 1010, unrealizedPnl: -10 };
const record = buildRecord(
  [
    { timestamp: T0, prices: { WETH: 1000 } },
    {
      timestamp: T0 + HALF_HOUR,
      prices: { WETH: 1010 },
      hedge: { positions: [short], marginBalance: 100_000, realizedPnl: 5, feesPaid: 1.5, fundingNet: -0.25 },
    },
    { timestamp: T0 + 2 * HALF_HOUR, prices: { WETH: 1020 } },
  ],
  [
    rfq(T0 * 1000 + 100, { responseMs: 40 }),
    rfq(T0 * 1000 + 200, { error: 'pricer timeout' }),
    settled(rfq(T0 * 1000 + 900_000), 1, { side: 'buy', size: 2, price: 1005 }),
    rfq((T0 + HALF_HOUR) * 1000 + 5),
    rfq((T0 + 2 * HALF_HOUR) * 1000 - 1),
  ]
);

let server: RunningServer;
beforeAll(async () => {
  server = await serveEndpoints(record);
});
afterAll(() => server.close());

describe('the off-chain sources against the demo endpoints', () => {
  it('read the whole quote log in pages of two', async () => {
    const rfqs = await getQuoteLog({
      url: `${server.url}/quote-log/rfqs`,
      fromMs: T0 * 1000,
      toMs: (T0 + 2 * HALF_HOUR) * 1000,
      pageSize: 2,
    });
    expect(rfqs.map((r) => r.id)).toEqual(record.rfqs.map((r) => r.id));
    expect(rfqs[0]).toMatchObject({
      pair: 'WETH/USDC',
      base: 'WETH',
      quote: 'USDC',
      quotedAtMs: T0 * 1000 + 140,
      price: 1000,
    });
    expect(rfqs[1]).toMatchObject({
      quotedAtMs: null,
      error: 'pricer timeout',
      price: null,
      expiry: null,
      accepted: false,
    });
    expect(rfqs[2]).toMatchObject({
      side: 'buy',
      baseAmount: 2,
      price: 1005,
      accepted: true,
      txHash: record.rfqs[2].txHash,
    });
  });

  it('read the hedge account at a time and its history', async () => {
    const url = `${server.url}/hedge`;
    const account = await getHedgeAccount({ url, atSec: T0 + HALF_HOUR + 60 });
    expect(account).toEqual({
      timestamp: T0 + HALF_HOUR,
      positions: [{ ...short, side: 'short' }],
      balances: [{ asset: 'USDC', amount: 100_000 }],
      realizedPnl: 5,
      feesPaid: 1.5,
      fundingNet: -0.25,
    });
    const history = await getHedgeHistory({ url, fromSec: T0, toSec: T0 + 2 * HALF_HOUR });
    expect(history.map((s) => s.timestamp)).toEqual([T0, T0 + HALF_HOUR, T0 + 2 * HALF_HOUR]);
  });

  it('probe the RFQ endpoint', async () => {
    const probe = await probeRfq({
      url: `${server.url}/rfq`,
      pair: 'WETH/USDC',
      side: 'buy',
      baseAmount: 1,
      timeoutMs: 2000,
    });
    expect(probe.ok).toBe(true);
    expect(probe.price).toBeCloseTo(1020 * 1.0004, 9);
  });

  it('read CoinGecko prices now and over a range', async () => {
    const baseUrl = `${server.url}/coingecko`;
    const ids = Object.keys(COINGECKO_IDS);
    const prices = await getSimplePrices({ baseUrl, ids, apiKey: 'demo-key-1234' });
    expect(prices.ethereum).toEqual({ usd: 1020, lastUpdatedAtSec: T0 + 2 * HALF_HOUR });
    expect(prices['usd-coin'].usd).toBe(1);
    const chart = await getMarketChartRange({ baseUrl, id: 'ethereum', fromSec: T0, toSec: T0 + HALF_HOUR });
    expect(chart).toEqual([
      { timeMs: T0 * 1000, price: 1000 },
      { timeMs: (T0 + HALF_HOUR) * 1000, price: 1010 },
    ]);
  });

  it('run the Dune query through its EXECUTING poll', async () => {
    const result = await runDuneQuery({
      baseUrl: `${server.url}/dune`,
      queryId: DUNE_DAILY_VOLUME_QUERY_ID,
      apiKey: 'demo-dune-key',
      pollMs: 5,
    });
    expect(result.columns).toEqual(['day', 'pair', 'fills', 'volume_usd']);
    expect(result.rows).toEqual([
      { day: '2023-11-14 00:00:00.000 UTC', pair: 'WETH/USDC', fills: 1, volume_usd: 2010 },
    ]);
  });
});
