/**
 * Local stand-ins shaped exactly like CoinGecko's and Dune's API responses, so those sources run
 * offline against the demo world's own prices and fills. Only the calls the engine makes are served.
 */
import type { WorldRecord } from '../ledger/record';
import type { Asset } from '../sim/scenario';
import { json, type Handler, type JsonResponse, type Route } from './http';

export const COINGECKO_IDS: Record<string, Asset> = {
  ethereum: 'WETH',
  'wrapped-bitcoin': 'WBTC',
  'usd-coin': 'USDC',
  tether: 'USDT',
};

/** The saved Dune query the demo serves: daily settled volume per pair. */
export const DUNE_DAILY_VOLUME_QUERY_ID = 4_200_001;
/** A saved Dune query that exists but was never executed: its latest result is Dune's 404. */
export const DUNE_UNEXECUTED_QUERY_ID = 4_200_002;

/** The daily volume query's columns, with the types Dune (Trino) gives them. */
const DAILY_VOLUME_COLUMNS = {
  column_names: ['day', 'pair', 'fills', 'volume_usd'],
  column_types: ['timestamp(3) with time zone', 'varchar', 'bigint', 'double'],
};

function coingeckoRoutes(record: WorldRecord): Route[] {
  const chart = (id: string, from: number, to: number) => {
    const asset = COINGECKO_IDS[id];
    const blocks = record.blocks.filter((b) => b.timestamp >= from && b.timestamp <= to);
    return {
      prices: blocks.map((b) => [b.timestamp * 1000, b.planned.prices[asset]]),
      market_caps: blocks.map((b) => [b.timestamp * 1000, 0]),
      total_volumes: blocks.map((b) => [b.timestamp * 1000, 0]),
    };
  };
  return [
    {
      method: 'GET',
      pattern: '/coingecko/api/v3/simple/price',
      handler: ({ query }) => {
        const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
        const prices = record.pricesAt(record.now());
        if (ids.length === 0 || query.get('vs_currencies') !== 'usd' || !prices) {
          return json(400, { error: 'Missing parameter ids or vs_currencies (only usd is served)' });
        }
        const body: Record<string, { usd: number; last_updated_at: number }> = {};
        for (const id of ids) {
          if (COINGECKO_IDS[id]) {
            body[id] = { usd: prices[COINGECKO_IDS[id]], last_updated_at: record.now() };
          }
        }
        return json(200, body);
      },
    },
    {
      method: 'GET',
      pattern: '/coingecko/api/v3/coins/:id/market_chart/range',
      handler: ({ params, query }) => {
        if (!COINGECKO_IDS[params.id]) {
          return json(404, { error: 'coin not found' });
        }
        return json(200, chart(params.id, Number(query.get('from')), Number(query.get('to'))));
      },
    },
    {
      method: 'GET',
      pattern: '/coingecko/api/v3/coins/:id/market_chart',
      handler: ({ params, query }) => {
        const days = Number(query.get('days'));
        if (!COINGECKO_IDS[params.id]) {
          return json(404, { error: 'coin not found' });
        }
        if (!Number.isFinite(days) || days <= 0) {
          return json(400, { error: 'invalid days' });
        }
        return json(200, chart(params.id, record.now() - days * 86_400, record.now()));
      },
    },
  ];
}

function dailyVolumeRows(record: WorldRecord) {
  const byDay = new Map<string, { day: string; pair: string; fills: number; volume_usd: number }>();
  for (const rfq of record.rfqs) {
    if (rfq.settled !== 'success' || rfq.price === undefined) {
      continue;
    }
    // As Dune prints a `date_trunc('day', block_time)`.
    const day = `${new Date(rfq.receivedAtMs).toISOString().slice(0, 10)} 00:00:00.000 UTC`;
    const pair = `${rfq.base}/${rfq.quote}`;
    const key = `${day} ${pair}`;
    const row = byDay.get(key) ?? { day, pair, fills: 0, volume_usd: 0 };
    row.fills += 1;
    row.volume_usd += rfq.size * rfq.price;
    byDay.set(key, row);
  }
  return [...byDay.values()];
}

function duneRoutes(record: WorldRecord): Route[] {
  const executions = new Map<string, { queryId: number; polls: number }>();
  const authorised = (headers: Record<string, unknown>) => typeof headers['x-dune-api-key'] === 'string';
  const unauthorised = json(401, { error: 'invalid API Key' });
  type Execution = { queryId: number; polls: number };
  // Status and results both need the key and a known execution, and answer alike when either is missing.
  const withExecution =
    (answer: (id: string, execution: Execution) => JsonResponse): Handler =>
    ({ params, headers }) => {
      if (!authorised(headers)) {
        return unauthorised;
      }
      const execution = executions.get(params.id);
      return execution ? answer(params.id, execution) : json(404, { error: 'Execution not found' });
    };
  return [
    {
      method: 'POST',
      pattern: '/dune/api/v1/query/:queryId/execute',
      handler: ({ params, headers }) => {
        if (!authorised(headers)) {
          return unauthorised;
        }
        const queryId = Number(params.queryId);
        if (queryId !== DUNE_DAILY_VOLUME_QUERY_ID) {
          return json(404, { error: 'Query not found' });
        }
        const id = `01DEMO${String(executions.size + 1).padStart(20, '0')}`;
        executions.set(id, { queryId, polls: 0 });
        return json(200, { execution_id: id, state: 'QUERY_STATE_PENDING' });
      },
    },
    {
      method: 'GET',
      pattern: '/dune/api/v1/execution/:id/status',
      handler: withExecution((id, execution) => {
        // The first poll sees it still running, as a real execution would be, so clients must poll.
        execution.polls += 1;
        const state = execution.polls > 1 ? 'QUERY_STATE_COMPLETED' : 'QUERY_STATE_EXECUTING';
        return json(200, { execution_id: id, query_id: execution.queryId, state });
      }),
    },
    {
      method: 'GET',
      pattern: '/dune/api/v1/execution/:id/results',
      handler: withExecution((id, execution) => {
        const rows = dailyVolumeRows(record);
        return json(200, {
          execution_id: id,
          query_id: execution.queryId,
          state: 'QUERY_STATE_COMPLETED',
          result: { rows, metadata: { ...DAILY_VOLUME_COLUMNS, row_count: rows.length } },
        });
      }),
    },
    {
      // "Get Latest Query Result": the last execution's rows, paged by limit/offset as Dune pages them.
      method: 'GET',
      pattern: '/dune/api/v1/query/:queryId/results',
      handler: ({ params, headers, query }) => {
        if (!authorised(headers)) {
          return unauthorised;
        }
        const queryId = Number(params.queryId);
        if (queryId === DUNE_UNEXECUTED_QUERY_ID) {
          return json(404, { error: 'not found: No execution found for the latest version of the given query' });
        }
        if (queryId !== DUNE_DAILY_VOLUME_QUERY_ID) {
          return json(404, { error: 'Query not found' });
        }
        const all = dailyVolumeRows(record);
        const offset = Number(query.get('offset') ?? 0);
        const limit = Number(query.get('limit') ?? all.length) || all.length;
        const rows = all.slice(offset, offset + limit);
        const more = offset + limit < all.length;
        const ended = new Date(record.now() * 1000).toISOString();
        return json(200, {
          execution_id: '01DEMOLATEST0000000000000000',
          query_id: queryId,
          is_execution_finished: true,
          state: 'QUERY_STATE_COMPLETED',
          submitted_at: ended,
          expires_at: new Date(record.now() * 1000 + 90 * 86_400_000).toISOString(),
          execution_started_at: ended,
          execution_ended_at: ended,
          result: {
            rows,
            metadata: { ...DAILY_VOLUME_COLUMNS, row_count: rows.length, total_row_count: all.length },
          },
          ...(more ? { next_offset: offset + limit } : {}),
        });
      },
    },
    {
      // "Get Query": what tells a query never executed from one that does not exist.
      method: 'GET',
      pattern: '/dune/api/v1/query/:queryId',
      handler: ({ params, headers }) => {
        if (!authorised(headers)) {
          return unauthorised;
        }
        const queryId = Number(params.queryId);
        if (queryId !== DUNE_DAILY_VOLUME_QUERY_ID && queryId !== DUNE_UNEXECUTED_QUERY_ID) {
          return json(404, { error: 'Query not found' });
        }
        return json(200, { query_id: queryId, name: `demo query ${queryId}`, is_private: false, parameters: [] });
      },
    },
  ];
}

export function standInRoutes(record: WorldRecord): Route[] {
  return [...coingeckoRoutes(record), ...duneRoutes(record)];
}
