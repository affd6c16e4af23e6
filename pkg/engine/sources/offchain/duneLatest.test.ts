import { inspect } from 'node:util';

import { PmmError } from '../../../../src/core/errors';
import { getDuneLatestResult } from './duneLatest';
import { failure, startStandIn, type StandIn } from './testStandIn';

const KEY = 'DUNE-SECRET-latest-0123456789';
const QUERY = 4_200_001;
const columns = { column_names: ['day', 'pair', 'volume_usd'], column_types: ['date', 'varchar', 'double'] };
const rows = [
  { day: '2025-11-24', pair: 'WETH/USDC', volume_usd: 51234.5 },
  { day: '2025-11-25', pair: 'WBTC/USDC', volume_usd: 98000.25 },
  { day: '2025-11-26', pair: 'WETH/USDC', volume_usd: 40100 },
];

/** Dune's "Get Latest Query Result", paged two rows at a time; `GET /query/{id}` knows the given ids. */
function dune(known: number[] = [QUERY]): StandIn['handle'] {
  return ({ path, query }) => {
    if (path === `/dune/api/v1/query/${QUERY}/results`) {
      const offset = Number(query.get('offset'));
      const more = offset + 2 < rows.length;
      return {
        status: 200,
        body: {
          execution_id: '01LATEST',
          query_id: QUERY,
          state: 'QUERY_STATE_COMPLETED',
          execution_ended_at: '2025-11-27T00:00:05.123Z',
          result: { rows: rows.slice(offset, offset + 2), metadata: { ...columns, row_count: 2 } },
          ...(more ? { next_offset: offset + 2 } : {}),
        },
      };
    }
    const id = /^\/dune\/api\/v1\/query\/(\d+)$/.exec(path)?.[1];
    if (id && known.includes(Number(id))) {
      return { status: 200, body: { query_id: Number(id), name: 'some query' } };
    }
    return { status: 404, body: { error: 'not found: No execution found for the latest version of the given query' } };
  };
}

let standIn: StandIn;
let baseUrl: string;
const noWait = { sleep: async () => undefined };
beforeAll(async () => {
  standIn = await startStandIn();
  baseUrl = `${standIn.url}/dune`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

describe('getDuneLatestResult', () => {
  it("reads the latest result's pages, with the columns' types, the key only in the header", async () => {
    standIn.handle = dune();
    const result = await getDuneLatestResult({ baseUrl, queryId: QUERY, apiKey: KEY });
    expect(result).toEqual({
      executionId: '01LATEST',
      executionEndedAt: '2025-11-27T00:00:05.123Z',
      columns: [
        { name: 'day', type: 'date' },
        { name: 'pair', type: 'varchar' },
        { name: 'volume_usd', type: 'double' },
      ],
      rows,
    });
    expect(standIn.requests.map((r) => `${r.method} ${r.path} ${r.query.get('offset')}`)).toEqual([
      `GET /dune/api/v1/query/${QUERY}/results 0`,
      `GET /dune/api/v1/query/${QUERY}/results 2`,
    ]);
    for (const request of standIn.requests) {
      expect(request.headers['x-dune-api-key']).toBe(KEY);
      expect(request.rawUrl).not.toContain(KEY);
    }
  });

  it('without a key: a clear error before any request', async () => {
    const error = await failure(getDuneLatestResult({ baseUrl, queryId: QUERY, apiKey: undefined }));
    expect(error).toBeInstanceOf(PmmError);
    expect(error).toMatchObject({ source: 'dune', fault: 'user' });
    expect(error.message).toBe(
      `dune: no API key to read query ${QUERY} with (set the Dune API key (duneKey) in the data source's secure settings)`
    );
    expect(standIn.requests).toEqual([]);
  });

  it.each([
    [401, /^dune: Dune refused the API key \(HTTP 401\) for query 4200001 \(check the Dune API key/, 'user'],
    [403, /^dune: Dune refused the API key \(HTTP 403\)/, 'user'],
    [
      429,
      /^dune: Dune rate-limited the API key \(HTTP 429\) on query 4200001, 3 attempts \(lower the panel's refresh rate/,
      'downstream',
    ],
  ] as const)('HTTP %d: says so, names Dune and the fix, never the key', async (status, message, fault) => {
    standIn.handle = () => ({ status, body: { error: `invalid API Key ${KEY}` } });
    const error = await failure(getDuneLatestResult({ baseUrl, queryId: QUERY, apiKey: KEY }, noWait));
    expect(error).toMatchObject({ source: 'dune', fault });
    expect(error.message).toMatch(message);
    expect(inspect(error, { depth: 10 })).not.toContain('DUNE-SECRET');
  });

  it('404: tells a query never executed from one that is not there, by asking for the query', async () => {
    standIn.handle = dune([QUERY, 77]);
    const unexecuted = await failure(getDuneLatestResult({ baseUrl, queryId: 77, apiKey: KEY }));
    expect(unexecuted.message).toBe(
      'dune: query 77 has no result yet: it has not been executed since its last edit' +
        ' (run the query once on dune.com (or schedule it) so that it has a latest result)'
    );
    expect(standIn.requests.map((r) => r.path).slice(-1)).toEqual(['/dune/api/v1/query/77']);
    const missing = await failure(getDuneLatestResult({ baseUrl, queryId: 78, apiKey: KEY }));
    expect(missing.message).toMatch(
      /^dune: Dune has no query 78 that this API key can read \(HTTP 404\) \(check the query id/
    );
    expect(missing).toMatchObject({ fault: 'user' });
  });

  it.each([
    [
      'QUERY_STATE_EXECUTING',
      /query 4200001 has no result yet: its latest execution \(01RUN\) is still QUERY_STATE_EXECUTING/,
    ],
    ['QUERY_STATE_FAILED', /query 4200001's latest execution \(01RUN\) ended in QUERY_STATE_FAILED without rows/],
  ])('a latest execution %s has no rows: says so', async (state, message) => {
    standIn.handle = () => ({ status: 200, body: { execution_id: '01RUN', query_id: QUERY, state } });
    const error = await failure(getDuneLatestResult({ baseUrl, queryId: QUERY, apiKey: KEY }));
    expect(error.message).toMatch(message);
  });

  it('refuses a query id that is not one', async () => {
    const error = await failure(getDuneLatestResult({ baseUrl, queryId: 1.5, apiKey: KEY }));
    expect(error.message).toContain('query id 1.5 is not a Dune query id');
  });
});
