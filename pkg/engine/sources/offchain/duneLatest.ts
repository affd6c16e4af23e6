/**
 * A saved Dune query's latest result, as the `dune` query type shows it: GET
 * /api/v1/query/{id}/results (Dune's "Get Latest Query Result": the last execution's rows, whoever ran
 * it; it runs nothing, so it costs only the credits of the rows read), pages followed by `next_offset`.
 * The key goes in the `X-Dune-Api-Key` header, never in a URL or a message. Each failure a user can
 * act on is its own error naming Dune and the fix: no key, a refused key (401/403), no such query or
 * no result yet (404; told apart by asking for the query itself, since error pages are never read),
 * rate limited (429 after the retries), and a latest execution that has no rows (still running, failed).
 */
import { PmmError } from '../../../../src/core/errors';
import { HttpSourceError, type FetchJsonDependencies } from '../http';
import type { DuneRow } from './dune';
import { fetchChecked } from './fetchChecked';
import { arrayField, objectAt, objectField, optionalNum, ShapeError, str, type Fields } from './shape';
import { apiUrl, type QueryValues } from './url';

export type GetDuneLatestResultParameters = {
  /** `https://api.dune.com` or a stand-in; `/api/v1` optional. */
  baseUrl: string;
  /** The saved query's id (the number in its dune.com URL). */
  queryId: number;
  /** From the secure settings; undefined when none is set (a clear error, before any request). */
  apiKey: string | undefined;
  signal?: AbortSignal;
};

export type DuneColumn = {
  name: string;
  /** Dune's (Trino's) type, e.g. `varchar`, `double`, `bigint`, `timestamp(3) with time zone`; undefined when not given. */
  type: string | undefined;
};

export type GetDuneLatestResultReturnType = {
  executionId: string;
  /** When the execution that made the rows ended (ISO), when Dune says. */
  executionEndedAt: string | undefined;
  /** In the query's order. */
  columns: DuneColumn[];
  rows: DuneRow[];
};

export type GetDuneLatestResultErrorType = PmmError;

export const DUNE_LATEST_DEFAULTS = { pageRows: 10_000, maxPages: 10 };

const SOURCE = 'dune';
const ROOT = '/api/v1';
const SHAPE_FIX = "Dune's answer changed or the base URL is not Dune's: check the Dune URL in the settings";
const COMPLETED = 'QUERY_STATE_COMPLETED';

function problem(message: string, fix: string, fault: 'user' | 'downstream', cause?: unknown): PmmError {
  return new PmmError(SOURCE, message, { fix, fault, cause });
}

export async function getDuneLatestResult(
  params: GetDuneLatestResultParameters,
  deps: FetchJsonDependencies = {}
): Promise<GetDuneLatestResultReturnType> {
  const { queryId, apiKey } = params;
  if (!Number.isSafeInteger(queryId) || queryId <= 0) {
    throw problem(`query id ${queryId} is not a Dune query id`, "use the number in the query's dune.com URL", 'user');
  }
  if (!apiKey) {
    throw problem(
      `no API key to read query ${queryId} with`,
      "set the Dune API key (duneKey) in the data source's secure settings",
      'user'
    );
  }
  const get = <T>(path: string, query: QueryValues, parse: (json: unknown) => T): Promise<T> =>
    fetchChecked(
      {
        source: SOURCE,
        url: apiUrl(params.baseUrl, ROOT, path, query),
        headers: { 'x-dune-api-key': apiKey },
        configuredUrl: params.baseUrl,
        signal: params.signal,
        parse,
        shapeFix: SHAPE_FIX,
      },
      deps
    );

  const columns: DuneColumn[] = [];
  const rows: DuneRow[] = [];
  let first: ResultPage | undefined;
  let offset = 0;
  for (let page = 1; page <= DUNE_LATEST_DEFAULTS.maxPages; page++) {
    let read: ResultPage | NoRows;
    try {
      read = await get(`/query/${queryId}/results`, { limit: DUNE_LATEST_DEFAULTS.pageRows, offset }, (json) =>
        parseLatest(objectAt(json, ''), offset)
      );
    } catch (error) {
      throw await explained(error, queryId, (path) => get(path, {}, () => true));
    }
    if ('state' in read) {
      throw noRows(queryId, read);
    }
    if (!first) {
      first = read;
      columns.push(...read.columns);
    }
    rows.push(...read.rows);
    if (read.nextOffset === undefined) {
      return { executionId: first.executionId, executionEndedAt: first.endedAt, columns, rows };
    }
    offset = read.nextOffset;
  }
  throw problem(
    `query ${queryId}'s latest result has more than ${DUNE_LATEST_DEFAULTS.maxPages * DUNE_LATEST_DEFAULTS.pageRows} rows`,
    'make the query return fewer rows (aggregate, or add a LIMIT)',
    'user'
  );
}

/** A failure of the results call as the user can act on it; anything else stays as fetchJson made it. */
async function explained(error: unknown, queryId: number, ask: (path: string) => Promise<unknown>): Promise<unknown> {
  if (!(error instanceof HttpSourceError) || error.reason !== 'status') {
    return error;
  }
  const { status } = error;
  if (status === 401 || status === 403) {
    return problem(
      `Dune refused the API key (HTTP ${status}) for query ${queryId}`,
      "check the Dune API key (duneKey) in the data source's secure settings, and that it may read this query",
      'user',
      error
    );
  }
  if (status === 429) {
    return problem(
      `Dune rate-limited the API key (HTTP 429) on query ${queryId}, ${error.attempts} attempts`,
      "lower the panel's refresh rate or the number of Dune panels, or raise the Dune plan's rate limit",
      'downstream',
      error
    );
  }
  if (status === 404) {
    // Dune answers 404 both for a query it does not know and for one never executed; the query itself says which.
    const exists = await ask(`/query/${queryId}`).then(
      () => true,
      () => false
    );
    return exists
      ? problem(
          `query ${queryId} has no result yet: it has not been executed since its last edit`,
          'run the query once on dune.com (or schedule it) so that it has a latest result',
          'user',
          error
        )
      : problem(
          `Dune has no query ${queryId} that this API key can read (HTTP 404)`,
          "check the query id (the number in the query's dune.com URL), and that the query is public or owned by the key's team",
          'user',
          error
        );
  }
  return error;
}

type ResultPage = {
  executionId: string;
  endedAt: string | undefined;
  columns: DuneColumn[];
  rows: DuneRow[];
  nextOffset: number | undefined;
};

/** The latest execution has no rows to show: still running, failed, cancelled or expired. */
type NoRows = { executionId: string; state: string };

function noRows(queryId: number, { executionId, state }: NoRows): PmmError {
  const running = state === 'QUERY_STATE_PENDING' || state === 'QUERY_STATE_EXECUTING';
  return running
    ? problem(
        `query ${queryId} has no result yet: its latest execution (${executionId}) is still ${state}`,
        'wait for the execution to finish, then refresh the panel',
        'downstream'
      )
    : problem(
        `query ${queryId}'s latest execution (${executionId}) ended in ${state} without rows`,
        'open the query on dune.com, fix it if it failed, and run it again',
        'user'
      );
}

function parseLatest(f: Fields, offset: number): ResultPage | NoRows {
  const executionId = str(f, 'execution_id');
  const state = str(f, 'state');
  if (state !== COMPLETED || f.value.result === undefined || f.value.result === null) {
    return { executionId, state };
  }
  const result = objectField(f, 'result');
  const metadata = objectField(result, 'metadata');
  const names = arrayField(metadata, 'column_names').map(({ path, value }) => {
    if (typeof value !== 'string') {
      throw new ShapeError(path, value, 'a column name');
    }
    return value;
  });
  const types = metadata.value.column_types === undefined ? [] : arrayField(metadata, 'column_types');
  const columns = names.map((name, i) => {
    const type = types[i]?.value;
    return { name, type: typeof type === 'string' ? type : undefined };
  });
  // JSON.parse only makes JSON values, so an object row is a DuneRow.
  const rows = arrayField(result, 'rows').map(({ path, value }) => objectAt(value, path).value as DuneRow);
  const nextOffset = f.value.next_offset === null ? undefined : optionalNum(f, 'next_offset');
  if (nextOffset !== undefined && (!Number.isInteger(nextOffset) || nextOffset <= offset)) {
    throw new ShapeError('next_offset', nextOffset, `an offset after ${offset}`);
  }
  const endedAt = typeof f.value.execution_ended_at === 'string' ? f.value.execution_ended_at : undefined;
  return { executionId, endedAt, columns, rows, nextOffset };
}
