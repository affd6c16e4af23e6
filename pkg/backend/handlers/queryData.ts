/**
 * QueryData: every query of a request runs at once against its data source's engine and gets its own
 * answer. A query's failure stays in its answer (status 200, the error text, and whether a source
 * failed, "downstream", or the query or settings are wrong, "plugin"); with one KPI asked for, that
 * KPI's failure is the query's error; with many, each failed KPI is a notice on its frame. A request
 * without a user (alerting) is answered exactly like one with.
 */
import type { EngineQuery } from '../../engine/engine';
import type { DataQuery, DataResponse, QueryDataRequest, QueryDataResponse } from '../wire/backend';
import type { Logger } from '../wire/log';
import type { PluginMetrics } from './collectMetrics';
import { errorSourceOf, messageOf, sourceOf } from './errors';
import { instantFrames, rangeFrames } from './frames';
import type { DataSourceInstance, InstanceManager } from './instances';
import { parseQuery } from './query';

/** Grafana sends 0 when a query has no max data points (e.g. some alert rules). */
const DEFAULT_MAX_DATA_POINTS = 1_000;

export interface QueryDataDependencies {
  instances: InstanceManager;
  metrics: PluginMetrics;
  log: Logger;
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

async function answerQuery(
  instance: DataSourceInstance,
  query: DataQuery,
  { metrics, log }: QueryDataDependencies
): Promise<DataResponse> {
  const started = performance.now();
  let mode = 'unknown';
  try {
    const parsed = parseQuery(query.refId, query.json, instance.settings);
    mode = parsed.mode;
    const answer = await instance.engine.query(
      engineQueryOf(
        query,
        parsed.kpis.map((k) => k.id),
        parsed.mode === 'range'
      )
    );
    for (const outcome of answer.outcomes) {
      if (outcome.error) {
        metrics.kpiErrors.inc({ source: sourceOf(outcome.error) });
      }
    }
    const failed = parsed.single ? answer.outcomes[0]?.error : undefined;
    if (failed) {
      metrics.queryErrors.inc({ source: sourceOf(failed), error_source: errorSourceOf(failed) });
      return { frames: [], error: failed.message, errorSource: errorSourceOf(failed), status: 200 };
    }
    const overrides = instance.settings.bandOverrides ?? {};
    const frames =
      parsed.mode === 'instant' ? instantFrames(answer, parsed, overrides) : rangeFrames(answer, parsed, overrides);
    return { frames, status: 200 };
  } catch (error) {
    metrics.queryErrors.inc({ source: sourceOf(error), error_source: errorSourceOf(error) });
    log.warn('query failed', { refId: query.refId, datasource: instance.uid, error: messageOf(error) });
    return { frames: [], error: messageOf(error), errorSource: errorSourceOf(error), status: 200 };
  } finally {
    const seconds = (performance.now() - started) / 1000;
    metrics.queries.inc({ mode });
    metrics.queryDuration.observe(seconds, { mode });
    log.debug('query answered', { refId: query.refId, datasource: instance.uid, mode, seconds });
  }
}

export async function queryData(request: QueryDataRequest, deps: QueryDataDependencies): Promise<QueryDataResponse> {
  const responses: QueryDataResponse = new Map();
  let instance: DataSourceInstance;
  try {
    instance = deps.instances.get(request.pluginContext);
  } catch (error) {
    // The settings are wrong for every query alike.
    for (const query of request.queries) {
      deps.metrics.queries.inc({ mode: 'unknown' });
      deps.metrics.queryErrors.inc({ source: sourceOf(error), error_source: errorSourceOf(error) });
      responses.set(query.refId, {
        frames: [],
        error: messageOf(error),
        errorSource: errorSourceOf(error),
        status: 200,
      });
    }
    deps.log.warn('data source settings failed', { error: messageOf(error) });
    return responses;
  }
  const answers = await Promise.all(request.queries.map((query) => answerQuery(instance, query, deps)));
  request.queries.forEach((query, i) => responses.set(query.refId, answers[i]));
  return responses;
}
