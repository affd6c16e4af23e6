/**
 * The market maker's hedge venue account (docs/endpoints.md): positions, balances, realized PnL and
 * the cumulative fees and funding, now or at any recorded time, and every recorded state in a range.
 */
import { PmmError } from '../../../../src/core/errors';
import { HttpSourceError, type FetchJsonDependencies } from '../http';
import { fetchChecked } from './fetchChecked';
import { arrayField, num, objectAt, oneOf, ShapeError, str, type Fields } from './shape';
import { apiUrl } from './url';

export type HedgePosition = {
  asset: string;
  /** In the asset's units; negative = short. */
  size: number;
  side: 'long' | 'short' | 'flat';
  entryPrice: number;
  markPrice: number;
  /** USD. */
  unrealizedPnl: number;
};

export type HedgeBalance = { asset: string; amount: number };

export type HedgeAccount = {
  /** Unix seconds of this state. */
  timestamp: number;
  positions: HedgePosition[];
  balances: HedgeBalance[];
  /** USD, cumulative since the account opened, as are feesPaid and fundingNet. */
  realizedPnl: number;
  feesPaid: number;
  /** Negative when funding was paid. */
  fundingNet: number;
};

type HedgeCommon = {
  /** The venue's base URL, e.g. `https://mm.example.com/hedge`. */
  url: string;
  /** The hedge key (the data source's `hedgeKey` secret), sent as a bearer token; kept out of errors. */
  apiKey?: string;
  signal?: AbortSignal;
};

export type GetHedgeAccountParameters = HedgeCommon & {
  /** The account at or before this Unix time in seconds; default: now. */
  atSec?: number;
};
export type GetHedgeAccountReturnType = HedgeAccount;

export type GetHedgeHistoryParameters = HedgeCommon & {
  /** Unix seconds; the venue answers every state with fromSec ≤ timestamp ≤ toSec. */
  fromSec: number;
  toSec: number;
};
export type GetHedgeHistoryReturnType = HedgeAccount[];

export type GetHedgeErrorType = HttpSourceError | PmmError;

const SOURCE = 'hedge-venue';

/** The headers that carry the hedge key: `authorization: Bearer <key>`, none without a key. */
export function hedgeKeyHeaders(apiKey: string | undefined): Record<string, string> | undefined {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : undefined;
}

/** `{url}/account`, at a Unix time in seconds when given (else the account now). */
export function hedgeAccountUrl(url: string, atSec?: number): string {
  return apiUrl(url, '', '/account', { at: atSec });
}
const SHAPE_FIX = 'the hedge venue must answer as docs/endpoints.md describes (times in seconds, amounts in USD)';

/** GET {url}/account?at=<s>. */
export async function getHedgeAccount(
  params: GetHedgeAccountParameters,
  deps?: FetchJsonDependencies
): Promise<GetHedgeAccountReturnType> {
  if (params.atSec !== undefined && !Number.isFinite(params.atSec)) {
    throw new PmmError(SOURCE, `"at" ${params.atSec} is not a time`, { fix: 'pass Unix seconds' });
  }
  try {
    return await fetchChecked(
      {
        source: SOURCE,
        url: hedgeAccountUrl(params.url, params.atSec),
        headers: hedgeKeyHeaders(params.apiKey),
        configuredUrl: params.url,
        signal: params.signal,
        parse: (json) => parseAccount(objectAt(json, '')),
        shapeFix: SHAPE_FIX,
      },
      deps
    );
  } catch (error) {
    // The venue answers 404 both for a wrong URL and for a time before its first recorded state.
    if (error instanceof HttpSourceError && error.status === 404 && params.atSec !== undefined) {
      throw new HttpSourceError({
        source: error.source,
        reason: error.reason,
        url: error.url,
        status: error.status,
        attempts: error.attempts,
        message: `HTTP 404 from ${error.url} for the account at ${params.atSec}`,
        fix: `check the hedge venue URL in the data source settings, or ask for a time after the account's first state`,
        cause: error.cause instanceof Error ? error.cause : undefined,
      });
    }
    throw error;
  }
}

/** GET {url}/history?from=<s>&to=<s>: `{"states": [account, …]}`, oldest first. */
export async function getHedgeHistory(
  params: GetHedgeHistoryParameters,
  deps?: FetchJsonDependencies
): Promise<GetHedgeHistoryReturnType> {
  const { fromSec, toSec } = params;
  if (!Number.isFinite(fromSec) || !Number.isFinite(toSec) || fromSec > toSec) {
    throw new PmmError(SOURCE, `[${fromSec}, ${toSec}] is not a time range`, {
      fix: 'pass Unix seconds with from ≤ to',
    });
  }
  return fetchChecked(
    {
      source: SOURCE,
      url: apiUrl(params.url, '', '/history', { from: fromSec, to: toSec }),
      headers: hedgeKeyHeaders(params.apiKey),
      configuredUrl: params.url,
      signal: params.signal,
      parse: (json) =>
        arrayField(objectAt(json, ''), 'states').map(({ path, value }) => parseAccount(objectAt(value, path))),
      shapeFix: SHAPE_FIX,
    },
    deps
  );
}

function parseAccount(f: Fields): HedgeAccount {
  return {
    timestamp: num(f, 'timestamp'),
    positions: arrayField(f, 'positions').map(({ path, value }) => {
      const p = objectAt(value, path);
      const size = num(p, 'size');
      const side = oneOf(p, 'side', ['long', 'short', 'flat'] as const);
      // Exposure is computed from the sign of size: a short written with a positive size would count as long.
      const expected = size < 0 ? 'short' : size > 0 ? 'long' : 'flat';
      if (side !== expected) {
        throw new ShapeError(`${path}.side`, side, `"${expected}" for size ${size} (size is negative for a short)`);
      }
      return {
        asset: str(p, 'asset'),
        size,
        side,
        entryPrice: num(p, 'entryPrice'),
        markPrice: num(p, 'markPrice'),
        unrealizedPnl: num(p, 'unrealizedPnl'),
      };
    }),
    balances: arrayField(f, 'balances').map(({ path, value }) => {
      const b = objectAt(value, path);
      return { asset: str(b, 'asset'), amount: num(b, 'amount') };
    }),
    realizedPnl: num(f, 'realizedPnl'),
    feesPaid: num(f, 'feesPaid'),
    fundingNet: num(f, 'fundingNet'),
  };
}
