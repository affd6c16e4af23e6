/**
 * CoinGecko prices in USD: the price now of some coins, and one coin's history over a range.
 *
 * The API key is sent in a header, never in the URL (where logs and errors would pick it up):
 * `x-cg-pro-api-key` when the base URL is the paid API (`pro-api.coingecko.com`), otherwise
 * `x-cg-demo-api-key`, the header of the free Demo plan on `api.coingecko.com` and of any stand-in.
 * CoinGecko rejects a key sent with the other plan's header, so the choice follows the base URL.
 * The base URL may be given with or without `/api/v3`.
 */
import { PmmError } from '../../../../src/core/errors';
import type { FetchJsonDependencies, HttpSourceError } from '../http';
import { fetchChecked } from './fetchChecked';
import {
  arrayAt,
  arrayField,
  num,
  numberAt,
  objectAt,
  objectField,
  optionalNum,
  ShapeError,
  type Fields,
} from './shape';
import { apiUrl, hostOf } from './url';

type CoingeckoCommon = {
  /** `https://api.coingecko.com`, `https://pro-api.coingecko.com` or a stand-in; `/api/v3` optional. */
  baseUrl: string;
  /** Required on pro-api; optional on the public API. Never sent in the URL, never shown in errors. */
  apiKey?: string;
  signal?: AbortSignal;
};

export type GetSimplePricesParameters = CoingeckoCommon & {
  /** CoinGecko coin ids, e.g. `ethereum`, `usd-coin`. */
  ids: readonly string[];
};

export type SimplePrice = {
  usd: number;
  /** When CoinGecko last updated the price, Unix seconds (undefined if it did not say). */
  lastUpdatedAtSec: number | undefined;
};

/** One entry per id asked for. */
export type GetSimplePricesReturnType = Record<string, SimplePrice>;

export type GetMarketChartRangeParameters = CoingeckoCommon & {
  id: string;
  /** Unix seconds. */
  fromSec: number;
  toSec: number;
};

/** One asset's price at one time (model.ts's PricePoint holds every asset's at a block). */
export type MarketChartPoint = { timeMs: number; price: number };
export type GetMarketChartRangeReturnType = MarketChartPoint[];

export type CoingeckoErrorType = HttpSourceError | PmmError;

const SOURCE = 'coingecko';
const ROOT = '/api/v3';
const SHAPE_FIX =
  "CoinGecko's answer changed or the base URL is not CoinGecko's: check the CoinGecko URL in the settings";

/** The header for the API key, chosen by the base URL (see the file's comment). */
export function coingeckoKeyHeader(baseUrl: string): 'x-cg-pro-api-key' | 'x-cg-demo-api-key' {
  return hostOf(baseUrl)?.startsWith('pro-api.') ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key';
}

function keyHeaders({ baseUrl, apiKey }: CoingeckoCommon): Record<string, string> {
  const header = coingeckoKeyHeader(baseUrl);
  if (apiKey) {
    return { [header]: apiKey };
  }
  if (header === 'x-cg-pro-api-key') {
    throw new PmmError(SOURCE, 'the pro API needs an API key', {
      fix: "set the CoinGecko API key in the data source's secure settings, or use https://api.coingecko.com",
    });
  }
  return {};
}

/** GET /simple/price?ids=…&vs_currencies=usd: the USD price now of every id. */
export async function getSimplePrices(
  params: GetSimplePricesParameters,
  deps?: FetchJsonDependencies
): Promise<GetSimplePricesReturnType> {
  const ids = [...new Set(params.ids)];
  if (ids.length === 0 || ids.some((id) => id.trim() === '' || id.includes(','))) {
    throw new PmmError(SOURCE, `ids ${JSON.stringify(params.ids)} are not CoinGecko ids`, {
      fix: 'pass one or more ids such as "ethereum"',
    });
  }
  const answer = await fetchChecked(
    {
      source: SOURCE,
      url: apiUrl(params.baseUrl, ROOT, '/simple/price', {
        ids: ids.join(','),
        vs_currencies: 'usd',
        include_last_updated_at: 'true',
      }),
      headers: keyHeaders(params),
      configuredUrl: params.baseUrl,
      signal: params.signal,
      parse: (json) => {
        const body = objectAt(json, '');
        const prices: GetSimplePricesReturnType = {};
        for (const id of ids) {
          // CoinGecko leaves out ids it does not know rather than failing; say which.
          if (body.value[id] !== undefined) {
            prices[id] = parseSimplePrice(objectField(body, id));
          }
        }
        return prices;
      },
      shapeFix: SHAPE_FIX,
    },
    deps
  );
  const missing = ids.filter((id) => !(id in answer));
  if (missing.length > 0) {
    throw new PmmError(SOURCE, `no price for ${missing.map((id) => JSON.stringify(id)).join(', ')}`, {
      fix: "check the assets' CoinGecko ids in the data source settings (the id is the one in the coin page's URL)",
    });
  }
  return answer;
}

function parseSimplePrice(f: Fields): SimplePrice {
  return { usd: num(f, 'usd'), lastUpdatedAtSec: optionalNum(f, 'last_updated_at') };
}

/** GET /coins/{id}/market_chart/range?vs_currency=usd&from=<s>&to=<s>: the USD prices, oldest first. */
export async function getMarketChartRange(
  params: GetMarketChartRangeParameters,
  deps?: FetchJsonDependencies
): Promise<GetMarketChartRangeReturnType> {
  const { id, fromSec, toSec } = params;
  if (id.trim() === '') {
    throw new PmmError(SOURCE, 'no coin id', { fix: 'pass a CoinGecko id such as "ethereum"' });
  }
  if (!Number.isFinite(fromSec) || !Number.isFinite(toSec) || fromSec > toSec) {
    throw new PmmError(SOURCE, `[${fromSec}, ${toSec}] is not a time range`, {
      fix: 'pass Unix seconds with from ≤ to',
    });
  }
  return fetchChecked(
    {
      source: SOURCE,
      url: apiUrl(params.baseUrl, ROOT, `/coins/${encodeURIComponent(id)}/market_chart/range`, {
        vs_currency: 'usd',
        from: fromSec,
        to: toSec,
      }),
      headers: keyHeaders(params),
      configuredUrl: params.baseUrl,
      signal: params.signal,
      parse: (json) =>
        arrayField(objectAt(json, ''), 'prices').map(({ path, value }) => {
          const pair = arrayAt(value, path);
          if (pair.length !== 2) {
            throw new ShapeError(path, value, '[time in ms, price]');
          }
          return { timeMs: numberAt(pair[0].value, pair[0].path), price: numberAt(pair[1].value, pair[1].path) };
        }),
      shapeFix: SHAPE_FIX,
    },
    deps
  );
}
