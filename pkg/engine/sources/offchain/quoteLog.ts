/**
 * The market maker's quote log (docs/endpoints.md): every RFQ received in a time range, with the
 * quote given (or why none was), whether the taker accepted it and the order's hash.
 */
import { PmmError } from '../../../../src/core/errors';
import type { FetchJsonDependencies, HttpSourceError } from '../http';
import { fetchChecked, scrubberFor } from './fetchChecked';
import {
  arrayField,
  bool,
  hashOrNull,
  num,
  numOrNull,
  objectAt,
  oneOf,
  ShapeError,
  str,
  strOrNull,
  type Fields,
  type Hex32,
} from './shape';
import { withQuery } from './url';

export type GetQuoteLogParameters = {
  /** The quote log's RFQ endpoint, e.g. `https://mm.example.com/quote-log/rfqs`. */
  url: string;
  /** RFQs received in [fromMs, toMs), Unix milliseconds. */
  fromMs: number;
  toMs: number;
  /** RFQs per page, 1–5,000; default 1,000. */
  pageSize?: number;
  /** E.g. an `authorization` header; its values are kept out of errors. */
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Stops a log whose cursors never end; default 10,000 pages. */
  maxPages?: number;
};

export type QuoteLogRfq = {
  id: string;
  /** `BASE/QUOTE` as the log wrote it, and its two halves. */
  pair: string;
  base: string;
  quote: string;
  /** The taker's side on the base asset: `buy` = the taker buys base from the market maker. */
  side: 'buy' | 'sell';
  /** Size asked for, in base units. */
  baseAmount: number;
  receivedAtMs: number;
  /** Null when no quote left (an error, or the endpoint did not answer). */
  quotedAtMs: number | null;
  /** Why no quote was given; null when quoted (a deliberate no-quote has price null and no error). */
  error: string | null;
  /** Quote units per base unit. */
  price: number | null;
  /** The signed order's expiry, Unix **seconds**; null when there was no quote to sign. */
  expiry: number | null;
  accepted: boolean;
  orderHash: Hex32 | null;
  txHash: Hex32 | null;
};

export type GetQuoteLogReturnType = QuoteLogRfq[];

/** HttpSourceError for transport and shape failures; PmmError for bad parameters and broken paging. */
export type GetQuoteLogErrorType = HttpSourceError | PmmError;

export const QUOTE_LOG_PAGE_SIZE = { default: 1_000, max: 5_000 } as const;
const DEFAULT_MAX_PAGES = 10_000;

const SOURCE = 'quote-log';
const SHAPE_FIX =
  'the quote log must answer as docs/endpoints.md describes: {"rfqs": [...], "nextCursor": string or null}, times in ms';
const PAGING_FIX =
  'the quote log\'s paging is broken: "nextCursor" must be the last id of the page, and a page must start after it';

/** Reads every page of the range, oldest first, following `nextCursor` until it is null. */
export async function getQuoteLog(
  params: GetQuoteLogParameters,
  deps?: FetchJsonDependencies
): Promise<GetQuoteLogReturnType> {
  const { fromMs, toMs } = params;
  const pageSize = params.pageSize ?? QUOTE_LOG_PAGE_SIZE.default;
  const maxPages = params.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new PmmError(SOURCE, `[${fromMs}, ${toMs}) is not a time range`, {
      fix: 'pass Unix milliseconds with from ≤ to',
    });
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > QUOTE_LOG_PAGE_SIZE.max) {
    throw new PmmError(SOURCE, `page size ${pageSize} is out of range`, {
      fix: `use an integer from 1 to ${QUOTE_LOG_PAGE_SIZE.max}`,
    });
  }

  // Ids and cursors are the log's own data, quoted in messages: keep any credential out of them.
  const scrub = scrubberFor(params.url, params.headers);
  const quoted = (text: string): string => scrub(JSON.stringify(text));
  const rfqs: QuoteLogRfq[] = [];
  const seenIds = new Set<string>();
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await fetchChecked(
      {
        source: SOURCE,
        url: withQuery(params.url, { from: fromMs, to: toMs, limit: pageSize, cursor }),
        headers: params.headers,
        configuredUrl: params.url,
        signal: params.signal,
        parse: (json) => parsePage(json, fromMs, toMs),
        shapeFix: SHAPE_FIX,
      },
      deps
    );
    for (const rfq of answer.rfqs) {
      if (seenIds.has(rfq.id)) {
        throw new PmmError(SOURCE, `page ${page} repeats RFQ ${quoted(rfq.id)}`, { fix: PAGING_FIX });
      }
      seenIds.add(rfq.id);
      rfqs.push(rfq);
    }
    if (answer.nextCursor === null) {
      return rfqs;
    }
    if (seenCursors.has(answer.nextCursor)) {
      throw new PmmError(
        SOURCE,
        `page ${page} returned nextCursor ${quoted(answer.nextCursor)} again: following it would loop`,
        { fix: PAGING_FIX }
      );
    }
    seenCursors.add(answer.nextCursor);
    cursor = answer.nextCursor;
  }
  throw new PmmError(SOURCE, `the range still had more pages after ${maxPages}`, {
    fix: 'query a shorter range, or check that the quote log ends its paging with "nextCursor": null',
  });
}

type Page = { rfqs: QuoteLogRfq[]; nextCursor: string | null };

function parsePage(json: unknown, fromMs: number, toMs: number): Page {
  const body = objectAt(json, '');
  const rfqs = arrayField(body, 'rfqs').map(({ path, value }) => parseRfq(objectAt(value, path), fromMs, toMs));
  const nextCursor = strOrNull(body, 'nextCursor');
  if (nextCursor === '') {
    throw new ShapeError('nextCursor', nextCursor, 'a non-empty string or null');
  }
  return { rfqs, nextCursor };
}

function parseRfq(f: Fields, fromMs: number, toMs: number): QuoteLogRfq {
  const pair = str(f, 'pair');
  const [base, quote, ...rest] = pair.split('/');
  if (!base || !quote || rest.length > 0) {
    throw new ShapeError(`${f.path}.pair`, pair, '"BASE/QUOTE", e.g. "WETH/USDC"');
  }
  const receivedAtMs = num(f, 'receivedAt');
  // An RFQ outside the range asked for is a log that ignores `from`/`to`, or answers in seconds:
  // either way its counts would be wrong, so say so rather than drop or keep it quietly.
  if (receivedAtMs < fromMs || receivedAtMs >= toMs) {
    const unit = receivedAtMs < 1e11 ? ' (it looks like seconds; the quote log is in ms)' : '';
    throw new ShapeError(`${f.path}.receivedAt`, receivedAtMs, `a time in [${fromMs}, ${toMs}) as asked${unit}`);
  }
  return {
    id: str(f, 'id'),
    pair,
    base,
    quote,
    side: oneOf(f, 'side', ['buy', 'sell'] as const),
    baseAmount: num(f, 'baseAmount'),
    receivedAtMs,
    quotedAtMs: numOrNull(f, 'quotedAt'),
    error: strOrNull(f, 'error'),
    price: numOrNull(f, 'price'),
    expiry: numOrNull(f, 'expiry'),
    accepted: bool(f, 'accepted'),
    orderHash: hashOrNull(f, 'orderHash'),
    txHash: hashOrNull(f, 'txHash'),
  };
}
