/**
 * QueryData: every query of a request gets its own answer; queries over the same window share one
 * engine query (see windowKey), the rest run at once. A query's failure stays in its answer, with the
 * error text and the status and error source its fault sets (errors.ts: 400 for a query or settings
 * the user must fix, 502 for a source that failed, 500 for our own); with one KPI asked for, that
 * KPI's failure is the query's error; with many, each failed KPI is a notice on its frame. A request
 * without a user (alerting) is answered exactly like one with. A request the host cancels (`signal`)
 * stops its engine queries; their cancellation is no failure (neither logged as one nor counted), and
 * its answer is not sent. A query past its deadline is stopped the same way.
 */
import { DEFAULT_MAX_DATA_POINTS } from '../../../src/core/time';
import { isCancelled, type EngineAnswer, type EngineQuery, type FetchJsonDependencies } from '../../engine';
import type { DataQuery, DataResponse, QueryDataRequest, QueryDataResponse } from '../wire/backend';
import type { Logger } from '../wire/log';
import { answerAnnotations, isAnnotationQuery } from './annotations';
import type { PluginMetrics } from './collectMetrics';
import { DEFAULT_QUERY_TIMEOUT_MS, withDeadline } from './deadline';
import { answerDune, isDuneQuery } from './dune';
import { errorResponse, errorSourceOf, messageOf, sourceOf } from './errors';
import { instantFrames, rangeFrames } from './frames';
import type { DataSourceInstance, InstanceManager } from './instances';
import { parseQuery, type ParsedQuery } from './query';

/** Grafana sends 0 when a query has no max data points (e.g. some alert rules). */

export interface QueryDataDependencies {
  instances: InstanceManager;
  metrics: PluginMetrics;
  log: Logger;
  /** Each engine query ends by then with an error (default DEFAULT_QUERY_TIMEOUT_MS). */
  queryTimeoutMs?: number;
  /** The transport of the Dune queries (tests); default the global fetch. */
  http?: FetchJsonDependencies;
}

function engineQueryOf(query: DataQuery, kpis: readonly string[], series: boolean): EngineQuery {
  return {
    fromMs: query.timeRange.fromMs,
    toMs: query.timeRange.toMs,
    maxDataPoints: query.maxDataPoints > 0 ? Math.floor(query.maxDataPoints) : DEFAULT_MAX_DATA_POINTS,
    intervalMs: Math.max(0, query.intervalMs),
    kpis,
    series,
  };
}

/** A query and its reading. */
interface Planned {
  query: DataQuery;
  parsed: ParsedQuery;
}

/**
 * Queries of one request over the same window and mode share one engine query for the union of their
 * KPIs. Why: the engine reads the chain once per query; a dashboard (or `npm run bench`) asks for
 * every KPI in separate queries over the same range, and 24 gathers of the same blocks side by side
 * held ~800 MB where one holds well under 150 MB, for the same answers.
 */
function windowKey(query: DataQuery, parsed: ParsedQuery): string {
  const { fromMs, toMs } = query.timeRange;
  return [fromMs, toMs, query.maxDataPoints, query.intervalMs, parsed.mode].join('|');
}

function failure(error: unknown, metrics: PluginMetrics): DataResponse {
  metrics.queryErrors.inc({ source: sourceOf(error), error_source: errorSourceOf(error) });
  return errorResponse(error);
}

/** One query's frames from the shared answer: only its KPIs. */
function responseOf(
  answer: EngineAnswer,
  parsed: ParsedQuery,
  instance: DataSourceInstance,
  metrics: PluginMetrics
): DataResponse {
  const ids = new Set(parsed.kpis.map((k) => k.id));
  const own: EngineAnswer = { ...answer, outcomes: answer.outcomes.filter((o) => ids.has(o.kpi.id)) };
  for (const outcome of own.outcomes) {
    if (outcome.error) {
      metrics.kpiErrors.inc({ source: sourceOf(outcome.error) });
    }
  }
  const failed = parsed.single ? own.outcomes[0]?.error : undefined;
  if (failed) {
    return failure(failed, metrics);
  }
  const overrides = instance.settings.bandOverrides ?? {};
  const frames =
    parsed.mode === 'instant' ? instantFrames(own, parsed, overrides) : rangeFrames(own, parsed, overrides);
  return { frames, status: 200 };
}

/** Answers queries that share a window with one engine query; each keeps its own response. */
async function answerGroup(
  instance: DataSourceInstance,
  group: Planned[],
  { metrics, log, queryTimeoutMs }: QueryDataDependencies,
  signal: AbortSignal | undefined
): Promise<DataResponse[]> {
  const started = performance.now();
  const [{ query: first, parsed: firstParsed }] = group;
  const kpis = [...new Set(group.flatMap(({ parsed }) => parsed.kpis.map((k) => k.id)))];
  let answer: EngineAnswer | undefined;
  let thrown: unknown;
  // Stopped when the host cancels the request or the deadline passes, whichever comes first.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  signal?.addEventListener('abort', onCancel, { once: true });
  try {
    if (signal?.aborted) {
      stop.abort();
    }
    answer = await withDeadline(
      instance.engine.query(engineQueryOf(first, kpis, firstParsed.mode === 'range'), stop.signal),
      queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      () => stop.abort()
    );
  } catch (error) {
    thrown = error;
  } finally {
    signal?.removeEventListener('abort', onCancel);
  }
  if (!answer && isCancelled(thrown)) {
    log.debug('query cancelled', { refIds: group.map(({ query }) => query.refId).join(','), datasource: instance.uid });
    return group.map(() => errorResponse(thrown));
  }
  const seconds = (performance.now() - started) / 1000;
  return group.map(({ query, parsed }) => {
    let response: DataResponse;
    try {
      response = answer ? responseOf(answer, parsed, instance, metrics) : failure(thrown, metrics);
    } catch (error) {
      response = failure(error, metrics);
    }
    if (response.error) {
      log.warn('query failed', { refId: query.refId, datasource: instance.uid, error: response.error });
    }
    metrics.queries.inc({ mode: parsed.mode });
    metrics.queryDuration.observe(seconds, { mode: parsed.mode });
    log.debug('query answered', { refId: query.refId, datasource: instance.uid, mode: parsed.mode, seconds });
    return response;
  });
}

export async function queryData(
  request: QueryDataRequest,
  deps: QueryDataDependencies,
  signal?: AbortSignal
): Promise<QueryDataResponse> {
  const responses: QueryDataResponse = new Map();
  let instance: DataSourceInstance;
  try {
    instance = deps.instances.get(request.pluginContext);
  } catch (error) {
    // The settings are wrong for every query alike.
    for (const query of request.queries) {
      deps.metrics.queries.inc({ mode: 'unknown' });
      responses.set(query.refId, failure(error, deps.metrics));
    }
    deps.log.warn('data source settings failed', { error: messageOf(error) });
    return responses;
  }
  // Annotation queries answer events, not KPIs (annotations.ts), Dune queries a table (dune.ts); they
  // run beside the KPI groups.
  const events = request.queries.filter(isAnnotationQuery).map(async (query) => {
    responses.set(query.refId, await answerAnnotations(instance, query, deps, signal));
  });
  const tables = request.queries
    .filter((q) => !isAnnotationQuery(q) && isDuneQuery(q))
    .map(async (query) => {
      responses.set(query.refId, await answerDune(instance, query, deps));
    });
  const groups = new Map<string, Planned[]>();
  for (const query of request.queries.filter((q) => !isAnnotationQuery(q) && !isDuneQuery(q))) {
    let parsed: ParsedQuery;
    try {
      parsed = parseQuery(query.refId, query.json, instance.settings);
    } catch (error) {
      deps.metrics.queries.inc({ mode: 'unknown' });
      deps.log.warn('query failed', { refId: query.refId, datasource: instance.uid, error: messageOf(error) });
      responses.set(query.refId, failure(error, deps.metrics));
      continue;
    }
    const key = windowKey(query, parsed);
    const group = groups.get(key) ?? [];
    group.push({ query, parsed });
    groups.set(key, group);
  }
  await Promise.all([
    ...events,
    ...tables,
    ...[...groups.values()].map(async (group) => {
      const answers = await answerGroup(instance, group, deps, signal);
      group.forEach(({ query }, i) => responses.set(query.refId, answers[i]));
    }),
  ]);
  // In the request's order, as before grouping.
  return new Map(
    request.queries.flatMap((query) => {
      const response = responses.get(query.refId);
      return response ? [[query.refId, response] as const] : [];
    })
  );
}
