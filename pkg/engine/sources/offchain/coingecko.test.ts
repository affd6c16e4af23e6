import { inspect } from 'node:util';

import { PmmError } from '../../../../src/core/errors';
import { coingeckoKeyHeader, getMarketChartRange, getSimplePrices } from './coingecko';
import { failure, startStandIn, type StandIn } from './testStandIn';

const KEY = 'CG-SECRETKEY-0123456789';

let standIn: StandIn;
let baseUrl: string;
beforeAll(async () => {
  standIn = await startStandIn();
  baseUrl = `${standIn.url}/coingecko`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

/** CoinGecko's /simple/price: known ids only, unknown ones silently left out. */
const simplePrice: StandIn['handle'] = ({ query }) => {
  const known: Record<string, number> = { ethereum: 3120.5, 'usd-coin': 0.9998 };
  const body: Record<string, { usd: number; last_updated_at: number }> = {};
  for (const id of (query.get('ids') ?? '').split(',')) {
    if (known[id] !== undefined) {
      body[id] = { usd: known[id], last_updated_at: 1_764_000_000 };
    }
  }
  return { status: 200, body };
};

/** Sends CoinGecko's hosts to the stand-in, and records the URLs it was asked for. */
function redirecting(): { urls: string[]; fetch: typeof fetch } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      urls.push(url.href);
      return fetch(`${standIn.url}${url.pathname}${url.search}`, init);
    },
  };
}

describe('getSimplePrices', () => {
  it('reads USD prices, with the demo key in its header and not in the URL', async () => {
    standIn.handle = simplePrice;
    const prices = await getSimplePrices({ baseUrl, ids: ['ethereum', 'usd-coin'], apiKey: KEY });
    expect(prices).toEqual({
      ethereum: { usd: 3120.5, lastUpdatedAtSec: 1_764_000_000 },
      'usd-coin': { usd: 0.9998, lastUpdatedAtSec: 1_764_000_000 },
    });
    const [request] = standIn.requests;
    expect(request.path).toBe('/coingecko/api/v3/simple/price');
    expect(request.query.get('ids')).toBe('ethereum,usd-coin');
    expect(request.query.get('vs_currencies')).toBe('usd');
    expect(request.headers['x-cg-demo-api-key']).toBe(KEY);
    expect(request.headers['x-cg-pro-api-key']).toBeUndefined();
    expect(request.rawUrl).not.toContain(KEY);
  });

  it('takes the base URL with /api/v3 too, and sends no key header without a key', async () => {
    standIn.handle = simplePrice;
    await getSimplePrices({ baseUrl: `${baseUrl}/api/v3/`, ids: ['ethereum'] });
    expect(standIn.requests[0].path).toBe('/coingecko/api/v3/simple/price');
    expect(standIn.requests[0].headers['x-cg-demo-api-key']).toBeUndefined();
  });

  it('sends the pro key header to pro-api.coingecko.com', async () => {
    standIn.handle = simplePrice;
    const { urls, fetch } = redirecting();
    await getSimplePrices(
      { baseUrl: 'https://pro-api.coingecko.com/api/v3', ids: ['ethereum'], apiKey: KEY },
      { fetch }
    );
    expect(urls[0]).toMatch(/^https:\/\/pro-api\.coingecko\.com\/api\/v3\/simple\/price\?/);
    expect(urls[0]).not.toContain(KEY);
    expect(standIn.requests[0].headers['x-cg-pro-api-key']).toBe(KEY);
    expect(standIn.requests[0].headers['x-cg-demo-api-key']).toBeUndefined();
  });

  it('picks the header by the base URL', () => {
    expect(coingeckoKeyHeader('https://pro-api.coingecko.com')).toBe('x-cg-pro-api-key');
    expect(coingeckoKeyHeader('https://api.coingecko.com/api/v3')).toBe('x-cg-demo-api-key');
    expect(coingeckoKeyHeader('not a url')).toBe('x-cg-demo-api-key');
  });

  it('refuses the pro API without a key, before asking', async () => {
    const { urls, fetch } = redirecting();
    const error = await failure(
      getSimplePrices({ baseUrl: 'https://pro-api.coingecko.com', ids: ['ethereum'] }, { fetch })
    );
    expect(error.message).toContain('coingecko: the pro API needs an API key');
    expect(urls).toEqual([]);
  });

  it('names an id CoinGecko left out', async () => {
    standIn.handle = simplePrice;
    const error = await failure(getSimplePrices({ baseUrl, ids: ['ethereum', 'weth-typo'] }));
    expect(error).toBeInstanceOf(PmmError);
    expect(error.message).toContain('coingecko: no price for "weth-typo"');
  });

  it('names a malformed price', async () => {
    standIn.handle = () => ({ status: 200, body: { ethereum: { usd: '3120.5' } } });
    const error = await failure(getSimplePrices({ baseUrl, ids: ['ethereum'] }));
    expect(error).toMatchObject({ source: 'coingecko', reason: 'shape' });
    expect(error.message).toContain('ethereum.usd is a string ("3120.5"), expected a number');
  });
});

describe('getMarketChartRange', () => {
  const chart = {
    prices: [
      [1_764_000_000_000, 3100.1],
      [1_764_000_300_000, 3102.7],
    ],
    market_caps: [],
    total_volumes: [],
  };

  it('reads the prices of a range', async () => {
    standIn.handle = () => ({ status: 200, body: chart });
    const points = await getMarketChartRange({
      baseUrl,
      id: 'ethereum',
      fromSec: 1_764_000_000,
      toSec: 1_764_000_300,
      apiKey: KEY,
    });
    expect(points).toEqual([
      { timeMs: 1_764_000_000_000, price: 3100.1 },
      { timeMs: 1_764_000_300_000, price: 3102.7 },
    ]);
    const [request] = standIn.requests;
    expect(request.path).toBe('/coingecko/api/v3/coins/ethereum/market_chart/range');
    expect(Object.fromEntries(request.query)).toEqual({ vs_currency: 'usd', from: '1764000000', to: '1764000300' });
    expect(request.headers['x-cg-demo-api-key']).toBe(KEY);
  });

  it('names a malformed point', async () => {
    standIn.handle = () => ({ status: 200, body: { ...chart, prices: [chart.prices[0], [1_764_000_300_000, null]] } });
    const error = await failure(getMarketChartRange({ baseUrl, id: 'ethereum', fromSec: 0, toSec: 1 }));
    expect(error.message).toContain('prices[1][1] is null, expected a number');
  });

  it('never shows the key in an error', async () => {
    const errors: Error[] = [];
    standIn.handle = () => ({ status: 401, body: { status: { error_message: `invalid key ${KEY}` } } });
    errors.push(await failure(getMarketChartRange({ baseUrl, id: 'ethereum', fromSec: 0, toSec: 1, apiKey: KEY })));
    standIn.handle = () => ({ status: 200, body: { prices: [[0, `echo ${KEY}`]] } });
    errors.push(await failure(getMarketChartRange({ baseUrl, id: 'ethereum', fromSec: 0, toSec: 1, apiKey: KEY })));
    standIn.handle = () => ({ status: 200, raw: `<html>bad key ${KEY}</html>` });
    errors.push(await failure(getSimplePrices({ baseUrl, ids: ['ethereum'], apiKey: KEY })));

    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('HTTP 401'),
      expect.stringContaining('prices[0][1] is a string ("echo ***")'),
      expect.stringContaining('malformed JSON'),
    ]);
    for (const error of errors) {
      expect(error.message).not.toContain('SECRETKEY');
      expect(inspect(error, { depth: 10 })).not.toContain('SECRETKEY');
    }
  });
});
