/**
 * Runs a saved Dune query and reads its result: POST /api/v1/query/{id}/execute, poll
 * /api/v1/execution/{id}/status until the execution finishes, then GET its results (following
 * `next_offset` when Dune pages them). The key goes in the `X-Dune-Api-Key` header, never in the
 * URL or an error. The execute call is retried like any request on 429/5xx: at worst a retry after a
 * lost answer starts a second execution, which costs credits but gives the same rows.
 */
import { PmmError } from '../../../../src/core/errors';
import { type FetchJsonDependencies, type HttpSourceError } from '../http';
import { fetchChecked } from './fetchChecked';
import { arrayField, objectAt, objectField, optionalBool, optionalNum, ShapeError, str, type Fields } from './shape';
import { apiUrl, type QueryValues } from './url';

export type RunDuneQueryParameters = {
  /** `https://api.dune.com` or a stand-in; `/api/v1` optional. */
  baseUrl: string;
  /** The saved query's id (the number in its dune.com URL). */
  queryId: number;
  apiKey: string;
  /** The query's parameters, by name. */
  queryParameters?: Readonly<Record<string, string | number>>;
  /** Between status polls; default 2,000 ms. */
  pollMs?: number;
  /** For the whole run, execute to last result page; default 120,000 ms. */
  deadlineMs?: number;
  signal?: AbortSignal;
};

/** A value of a result row, as JSON gives it (Dune sends arrays and maps for array and map columns). */
export type DuneCell = string | number | boolean | null | DuneCell[] | { [key: string]: DuneCell };
export type DuneRow = Record<string, DuneCell>;

export type RunDuneQueryReturnType = {
  executionId: string;
  /** In the query's order. */
  columns: string[];
  rows: DuneRow[];
};

/** The execution ended without a result, or did not finish before the deadline. */
export class DuneExecutionError extends PmmError {
  readonly queryId: number;
  readonly executionId: string;
  /** The last state Dune reported, e.g. `QUERY_STATE_FAILED`. */
  readonly state: string;

  constructor(p: { queryId: number; executionId: string; state: string; message: string; fix: string }) {
    super(SOURCE, p.message, { fix: p.fix });
    this.name = 'DuneExecutionError';
    this.queryId = p.queryId;
    this.executionId = p.executionId;
    this.state = p.state;
  }
}

export type RunDuneQueryErrorType = HttpSourceError | DuneExecutionError | PmmError;

export const DUNE_DEFAULTS = { pollMs: 2_000, deadlineMs: 120_000, resultPageRows: 10_000, maxResultPages: 1_000 };

const SOURCE = 'dune';
const ROOT = '/api/v1';
const SHAPE_FIX = "Dune's answer changed or the base URL is not Dune's: check the Dune URL in the settings";
const COMPLETED = 'QUERY_STATE_COMPLETED';
/** Ended without a result. Dune's docs spell the cancelled state both ways. */
const ENDED = new Set([
  'QUERY_STATE_FAILED',
  'QUERY_STATE_CANCELLED',
  'QUERY_STATE_CANCELED',
  'QUERY_STATE_EXPIRED',
  // The result was cut at Dune's size limit: rows would be missing without notice.
  'QUERY_STATE_COMPLETED_PARTIAL',
]);
/** The longest piece of Dune's own error text put in a message. */
const DETAIL_CHARS = 300;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runDuneQuery(
  params: RunDuneQueryParameters,
  deps: FetchJsonDependencies = {}
): Promise<RunDuneQueryReturnType> {
  const { queryId, apiKey } = params;
  const pollMs = params.pollMs ?? DUNE_DEFAULTS.pollMs;
  const deadlineMs = params.deadlineMs ?? DUNE_DEFAULTS.deadlineMs;
  if (!Number.isSafeInteger(queryId) || queryId <= 0) {
    throw new PmmError(SOURCE, `query id ${queryId} is not a Dune query id`, {
      fix: "use the number in the query's dune.com URL",
    });
  }
  if (!apiKey) {
    throw new PmmError(SOURCE, 'no API key', { fix: "set the Dune API key in the data source's secure settings" });
  }
  if (!(pollMs >= 0) || !(deadlineMs > 0)) {
    throw new PmmError(SOURCE, `poll ${pollMs} ms / deadline ${deadlineMs} ms are not durations`, {
      fix: 'pass pollMs ≥ 0 and deadlineMs > 0',
    });
  }
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const deadline = now() + deadlineMs;
  // Dune's own texts may quote what they were sent; the key must not reach a message through them.
  const scrub = (text: string): string => text.split(apiKey).join('***').slice(0, DETAIL_CHARS);

  const call = <T>(
    request: { method: 'GET' | 'POST'; path: string; query?: QueryValues; body?: string },
    parse: (json: unknown) => T
  ): Promise<T> =>
    fetchChecked(
      {
        source: SOURCE,
        url: apiUrl(params.baseUrl, ROOT, request.path, request.query),
        method: request.method,
        headers: {
          'x-dune-api-key': apiKey,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body,
        configuredUrl: params.baseUrl,
        deadlineMs: Math.max(1, deadline - now()),
        signal: params.signal,
        parse,
        shapeFix: SHAPE_FIX,
      },
      deps
    );

  const executionId = await call(
    {
      method: 'POST',
      path: `/query/${queryId}/execute`,
      body: JSON.stringify(params.queryParameters ? { query_parameters: params.queryParameters } : {}),
    },
    (json) => str(objectAt(json, ''), 'execution_id')
  );
  const ended = (state: string, message: string, fix: string): DuneExecutionError =>
    new DuneExecutionError({ queryId, executionId, state, message: `query ${queryId} ${message}`, fix });

  for (;;) {
    const status = await call({ method: 'GET', path: `/execution/${encodeURIComponent(executionId)}/status` }, (json) =>
      parseStatus(objectAt(json, ''))
    );
    if (status.state === COMPLETED) {
      break;
    }
    if (ENDED.has(status.state) || status.finished) {
      const said = status.error ? `: ${scrub(status.error)}` : '';
      throw ended(
        status.state,
        `ended in ${status.state} (execution ${executionId})${said}`,
        status.state === 'QUERY_STATE_COMPLETED_PARTIAL'
          ? "the result is over Dune's size limit: make the query return fewer rows"
          : status.state === 'QUERY_STATE_FAILED'
            ? 'open the query on dune.com, run it there and fix the error'
            : 'run the query again; if it keeps ending so, check it on dune.com'
      );
    }
    if (now() + pollMs >= deadline) {
      throw ended(
        status.state,
        `did not complete within ${deadlineMs} ms (still ${status.state}, execution ${executionId})`,
        'raise the Dune deadline, or make the query faster (e.g. a materialized view or a shorter range)'
      );
    }
    if (params.signal?.aborted) {
      throw ended(status.state, `was cancelled while ${status.state}`, 'the query was cancelled');
    }
    await sleep(pollMs);
  }

  let columns: string[] | undefined;
  const rows: DuneRow[] = [];
  let offset = 0;
  for (let page = 1; page <= DUNE_DEFAULTS.maxResultPages; page++) {
    const result = await call(
      {
        method: 'GET',
        path: `/execution/${encodeURIComponent(executionId)}/results`,
        query: { limit: DUNE_DEFAULTS.resultPageRows, offset },
      },
      (json) => parseResults(objectAt(json, ''), offset)
    );
    columns ??= result.columns;
    rows.push(...result.rows);
    if (result.nextOffset === undefined) {
      return { executionId, columns, rows };
    }
    offset = result.nextOffset;
  }
  throw ended(
    COMPLETED,
    `has more than ${DUNE_DEFAULTS.maxResultPages} result pages`,
    'make the query return fewer rows'
  );
}

type Status = { state: string; finished: boolean; error: string | undefined };

function parseStatus(f: Fields): Status {
  const state = str(f, 'state');
  // Dune puts the reason of a failure in `error` ({type, message, metadata}); read it only if it is there.
  const error = f.value.error;
  let message: string | undefined;
  if (typeof error === 'string') {
    message = error;
  } else if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    message = error.message;
  }
  return { state, finished: optionalBool(f, 'is_execution_finished') ?? false, error: message };
}

type ResultPage = { columns: string[]; rows: DuneRow[]; nextOffset: number | undefined };

function parseResults(f: Fields, offset: number): ResultPage {
  const result = objectField(f, 'result');
  const columns = arrayField(objectField(result, 'metadata'), 'column_names').map(({ path, value }) => {
    if (typeof value !== 'string') {
      throw new ShapeError(path, value, 'a column name');
    }
    return value;
  });
  // JSON.parse only makes JSON values, so an object row is a DuneRow.
  const rows = arrayField(result, 'rows').map(({ path, value }) => objectAt(value, path).value as DuneRow);
  const nextOffset = f.value.next_offset === null ? undefined : optionalNum(f, 'next_offset');
  if (nextOffset !== undefined && (!Number.isInteger(nextOffset) || nextOffset <= offset)) {
    throw new ShapeError('next_offset', nextOffset, `an offset after ${offset}`);
  }
  return { columns, rows, nextOffset };
}
