/**
 * Times one request for quote against the market maker's RFQ endpoint (docs/endpoints.md), for
 * "quote response time now". A probe never throws for what the endpoint does: an error status, a
 * timeout or a malformed answer is a failed probe with its reason. It is never retried, since a
 * retried probe would hide exactly the slowness it is there to measure.
 */
import { PmmError } from '../../../../src/core/errors';
import { HttpSourceError, type HttpFailureReason } from '../http';
import { fetchChecked } from './fetchChecked';
import { num, numOrNull, objectAt, ShapeError, str, type Fields } from './shape';

export type ProbeRfqParameters = {
  /** The RFQ endpoint, e.g. `https://mm.example.com/rfq`. */
  url: string;
  /** `BASE/QUOTE`, e.g. `WETH/USDC`. */
  pair: string;
  /** The taker's side: `buy` = the taker buys base. */
  side: 'buy' | 'sell';
  baseAmount: number;
  /** The probe fails when no full answer arrived within this time. */
  timeoutMs: number;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
};

export type ProbeRfqDependencies = {
  fetch?: typeof fetch;
  /** The clock the round trip is timed with, in ms; default `performance.now` (monotonic). */
  now?: () => number;
};

export type ProbeRfqReturnType =
  | {
      ok: true;
      /** From sending the request to having parsed the whole answer. */
      roundTripMs: number;
      /** Undefined when the market maker answered but declined to quote (`"price": null`). */
      price: number | undefined;
      /** The endpoint's own time from receiving the RFQ to sending the quote (quotedAt − receivedAt). */
      serverMs: number;
      error: undefined;
      reason: undefined;
    }
  | {
      ok: false;
      roundTripMs: number;
      price: undefined;
      serverMs: undefined;
      /** Why the probe failed, ready to show (no URL secrets in it). */
      error: string;
      reason: HttpFailureReason;
    };

/** Only for parameters that cannot make a request; what the endpoint does never throws. */
export type ProbeRfqErrorType = PmmError;

const SOURCE = 'rfq-probe';
const PROBE_DEADLINE_SLACK_MS = 1_000;
const SHAPE_FIX =
  'the RFQ endpoint must answer {"pair", "side", "price", "receivedAt", "quotedAt", "expiry"} as docs/endpoints.md describes';

/** POST {pair, side, baseAmount} once and time the answer. */
export async function probeRfq(
  params: ProbeRfqParameters,
  deps: ProbeRfqDependencies = {}
): Promise<ProbeRfqReturnType> {
  const { pair, side, baseAmount, timeoutMs } = params;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new PmmError(SOURCE, `timeout ${timeoutMs} ms is not a duration`, { fix: 'pass a positive timeoutMs' });
  }
  if (!Number.isFinite(baseAmount) || baseAmount <= 0) {
    throw new PmmError(SOURCE, `base amount ${baseAmount} cannot be quoted`, { fix: 'pass a positive baseAmount' });
  }
  const now = deps.now ?? ((): number => performance.now());
  const started = now();
  try {
    const answer = await fetchChecked(
      {
        source: SOURCE,
        url: params.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...params.headers },
        body: JSON.stringify({ pair, side, baseAmount }),
        // One attempt, so the attempt's timeout is the probe's; the deadline only needs to be later.
        timeoutMs,
        deadlineMs: timeoutMs + PROBE_DEADLINE_SLACK_MS,
        retries: 0,
        signal: params.signal,
        parse: (json) => parseQuote(objectAt(json, ''), pair, side),
        shapeFix: SHAPE_FIX,
      },
      // Not the probe's clock: fetchJson's deadline must run on real time whatever clock times the probe.
      { fetch: deps.fetch }
    );
    return { ok: true, roundTripMs: now() - started, ...answer, error: undefined, reason: undefined };
  } catch (error) {
    const roundTripMs = now() - started;
    if (!(error instanceof HttpSourceError)) {
      throw error;
    }
    return {
      ok: false,
      roundTripMs,
      price: undefined,
      serverMs: undefined,
      error: error.message,
      reason: error.reason,
    };
  }
}

function parseQuote(f: Fields, pair: string, side: string): { price: number | undefined; serverMs: number } {
  if (str(f, 'pair') !== pair) {
    throw new ShapeError('pair', f.value.pair, JSON.stringify(pair) + ' as asked');
  }
  if (str(f, 'side') !== side) {
    throw new ShapeError('side', f.value.side, JSON.stringify(side) + ' as asked');
  }
  const price = numOrNull(f, 'price');
  numOrNull(f, 'expiry'); // checked, not used: a broken expiry is a broken endpoint
  return { price: price ?? undefined, serverMs: num(f, 'quotedAt') - num(f, 'receivedAt') };
}
