import { inspect } from 'node:util';

import { HttpSourceError } from '../http';
import { DuneExecutionError, runDuneQuery } from './dune';
import { failure, startStandIn, type StandIn } from './testStandIn';

const KEY = 'DUNE-SECRET-abcdef0123456789';
const QUERY = 4_200_001;
const EXECUTION = '01HKZJ2683PHF9Q9PHHQ8FW4Q1';

const rows = [
  { day: '2025-11-24', pair: 'WETH/USDC', fills: 12, volume_usd: 51234.5 },
  { day: '2025-11-25', pair: 'WETH/USDC', fills: 9, volume_usd: 40100 },
  { day: '2025-11-25', pair: 'WBTC/USDC', fills: 1, volume_usd: 98000.25 },
];
const columns = ['day', 'pair', 'fills', 'volume_usd'];

/** Dune's execution API: the states answer in turn, the last repeating; results as Dune sends them. */
function dune(states: Array<string | Record<string, unknown>>, resultPages = [rows]): StandIn['handle'] {
  return ({ method, path, query }) => {
    if (method === 'POST' && path === `/dune/api/v1/query/${QUERY}/execute`) {
      return { status: 200, body: { execution_id: EXECUTION, state: 'QUERY_STATE_PENDING' } };
    }
    if (path === `/dune/api/v1/execution/${EXECUTION}/status`) {
      const next = states.length > 1 ? states.shift()! : states[0];
      const status = typeof next === 'string' ? { state: next } : next;
      return { status: 200, body: { execution_id: EXECUTION, query_id: QUERY, ...status } };
    }
    if (path === `/dune/api/v1/execution/${EXECUTION}/results`) {
      const page = Number(query.get('offset')) / 2;
      const more = page + 1 < resultPages.length;
      return {
        status: 200,
        body: {
          execution_id: EXECUTION,
          query_id: QUERY,
          state: 'QUERY_STATE_COMPLETED',
          result: { rows: resultPages[page], metadata: { column_names: columns, row_count: rows.length } },
          ...(more ? { next_offset: (page + 1) * 2, next_uri: 'https://api.dune.com/…' } : {}),
        },
      };
    }
    return { status: 404, body: { error: 'not found' } };
  };
}

/** A clock that only moves when the code under test sleeps. */
function fakeTime(): { delays: number[]; deps: { now: () => number; sleep: (ms: number) => Promise<void> } } {
  let time = 1_000_000;
  const delays: number[] = [];
  return {
    delays,
    deps: {
      now: () => time,
      sleep: async (ms) => {
        delays.push(ms);
        time += ms;
      },
    },
  };
}

let standIn: StandIn;
let baseUrl: string;
beforeAll(async () => {
  standIn = await startStandIn();
  baseUrl = `${standIn.url}/dune`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

describe('runDuneQuery', () => {
  it('executes, polls through PENDING and EXECUTING to COMPLETED, then reads the rows', async () => {
    standIn.handle = dune([
      'QUERY_STATE_PENDING',
      'QUERY_STATE_EXECUTING',
      'QUERY_STATE_EXECUTING',
      'QUERY_STATE_COMPLETED',
    ]);
    const { delays, deps } = fakeTime();
    const result = await runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY, pollMs: 500 }, deps);

    expect(result).toEqual({ executionId: EXECUTION, columns, rows });
    expect(delays).toEqual([500, 500, 500]);
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /dune/api/v1/query/${QUERY}/execute`,
      ...Array(4).fill(`GET /dune/api/v1/execution/${EXECUTION}/status`),
      `GET /dune/api/v1/execution/${EXECUTION}/results`,
    ]);
    expect(JSON.parse(standIn.requests[0].body)).toEqual({});
    for (const request of standIn.requests) {
      expect(request.headers['x-dune-api-key']).toBe(KEY);
      expect(request.rawUrl).not.toContain(KEY);
    }
  });

  it('sends the query parameters and follows next_offset through the result pages', async () => {
    standIn.handle = dune(['QUERY_STATE_COMPLETED'], [rows.slice(0, 2), rows.slice(2)]);
    const result = await runDuneQuery(
      { baseUrl: `${baseUrl}/api/v1`, queryId: QUERY, apiKey: KEY, queryParameters: { days: 30 } },
      fakeTime().deps
    );
    expect(result.rows).toEqual(rows);
    expect(JSON.parse(standIn.requests[0].body)).toEqual({ query_parameters: { days: 30 } });
    expect(standIn.requests.filter((r) => r.path.endsWith('/results')).map((r) => r.query.get('offset'))).toEqual([
      '0',
      '2',
    ]);
  });

  it('fails clearly on QUERY_STATE_FAILED with what Dune said, without asking for results', async () => {
    const said = { type: 'FAILED_TYPE_EXECUTION_FAILED', message: 'line 3:8: Column "volume" cannot be resolved' };
    standIn.handle = dune([
      'QUERY_STATE_EXECUTING',
      { state: 'QUERY_STATE_FAILED', is_execution_finished: true, error: said },
    ]);
    const error = await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY, pollMs: 10 }, fakeTime().deps));
    expect(error).toBeInstanceOf(DuneExecutionError);
    expect(error).toMatchObject({
      source: 'dune',
      state: 'QUERY_STATE_FAILED',
      executionId: EXECUTION,
      queryId: QUERY,
    });
    expect(error.message).toBe(
      `dune: query ${QUERY} ended in QUERY_STATE_FAILED (execution ${EXECUTION}): line 3:8: Column "volume" cannot be resolved` +
        ' (open the query on dune.com, run it there and fix the error)'
    );
    expect(standIn.requests.some((r) => r.path.endsWith('/results'))).toBe(false);
  });

  it.each(['QUERY_STATE_CANCELLED', 'QUERY_STATE_EXPIRED', 'QUERY_STATE_COMPLETED_PARTIAL'])(
    'fails on %s',
    async (state) => {
      standIn.handle = dune([state]);
      const error = await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY }, fakeTime().deps));
      expect(error).toMatchObject({ state });
      expect(error.message).toContain(`ended in ${state}`);
    }
  );

  it('gives up at the deadline, saying the state it was left in', async () => {
    standIn.handle = dune(['QUERY_STATE_EXECUTING']);
    const { delays, deps } = fakeTime();
    const error = await failure(
      runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY, pollMs: 1000, deadlineMs: 5000 }, deps)
    );
    expect(error).toMatchObject({ state: 'QUERY_STATE_EXECUTING' });
    expect(error.message).toContain(`query ${QUERY} did not complete within 5000 ms (still QUERY_STATE_EXECUTING`);
    expect(delays).toEqual([1000, 1000, 1000, 1000]);
  });

  it('names a malformed result field', async () => {
    standIn.handle = ({ path, ...rest }) =>
      path.endsWith('/results')
        ? {
            status: 200,
            body: { execution_id: EXECUTION, result: { rows: [1, 2], metadata: { column_names: columns } } },
          }
        : dune(['QUERY_STATE_COMPLETED'])({ path, ...rest });
    const error = await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY }, fakeTime().deps));
    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error.message).toContain('result.rows[0] is the number 1, expected an object');
  });

  it('never shows the key in an error', async () => {
    const errors: Error[] = [];
    standIn.handle = () => ({ status: 401, body: { error: `invalid API Key ${KEY}` } });
    errors.push(await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY }, fakeTime().deps)));
    standIn.handle = dune([{ state: 'QUERY_STATE_FAILED', error: { message: `permission denied for key ${KEY}` } }]);
    errors.push(await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY }, fakeTime().deps)));
    standIn.handle = () => ({ status: 200, body: { execution_id: 42, echo: KEY } });
    errors.push(await failure(runDuneQuery({ baseUrl, queryId: QUERY, apiKey: KEY }, fakeTime().deps)));

    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('HTTP 401'),
      expect.stringContaining('permission denied for key ***'),
      expect.stringContaining('execution_id is the number 42, expected a non-empty string'),
    ]);
    for (const error of errors) {
      expect(error.message).not.toContain('DUNE-SECRET');
      expect(inspect(error, { depth: 10 })).not.toContain('DUNE-SECRET');
    }
  });
});
