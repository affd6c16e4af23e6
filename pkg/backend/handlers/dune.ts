/**
 * The Dune query (`queryType: 'dune'`): a saved Dune query's latest result as one table frame
 * (duneFrame.ts). The key comes from the instance's secure settings and goes only into the request
 * header; every failure is the query's own error, naming Dune and the fix.
 */
import { DUNE_QUERY_TYPE } from '../../../src/core/query';
import { PmmError } from '../../../src/core/errors';
import type { PmmSettings } from '../../../src/core/settings/types';
import { getDuneLatestResult, type FetchJsonDependencies } from '../../engine';
import type { DataQuery, DataResponse } from '../wire/backend';
import type { Logger } from '../wire/log';
import type { PluginMetrics } from './collectMetrics';
import { duneFrame } from './duneFrame';
import { errorResponse, errorSourceOf, messageOf, sourceOf } from './errors';
import type { DataSourceInstance } from './instances';

const FIX = 'edit the query in the panel editor';

export interface DuneQuery {
  queryId: number;
  baseUrl: string;
}

function bodyOf(json: Buffer): Record<string, unknown> {
  try {
    const body: unknown = json.length === 0 ? {} : JSON.parse(json.toString('utf8'));
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Grafana sends queryType both beside the JSON and inside it; either routes the query here. */
export function isDuneQuery(query: DataQuery): boolean {
  return query.queryType === DUNE_QUERY_TYPE || bodyOf(query.json).queryType === DUNE_QUERY_TYPE;
}

/** Which saved query, on which Dune: the query's id, else the settings' default one. */
export function parseDuneQuery(json: Buffer, settings: PmmSettings): DuneQuery {
  const asked = bodyOf(json).duneQueryId;
  if (
    asked !== undefined &&
    asked !== null &&
    asked !== '' &&
    (typeof asked !== 'number' || !Number.isSafeInteger(asked) || asked <= 0)
  ) {
    throw new PmmError('query', `Dune query id ${JSON.stringify(asked)} is not a positive whole number`, {
      fix: `${FIX}: use the number in the query's dune.com URL`,
    });
  }
  const queryId = typeof asked === 'number' ? asked : settings.endpoints.duneQueryId;
  if (queryId === undefined) {
    throw new PmmError('query', 'no Dune query id', {
      fix: `${FIX}: enter the saved query's id, or set a default Dune query id in the data source settings`,
    });
  }
  const baseUrl = settings.endpoints.duneUrl;
  if (!baseUrl) {
    throw new PmmError('settings', 'Dune is not configured', {
      fix: 'set the Dune URL (https://api.dune.com) and the Dune API key in the data source settings',
    });
  }
  return { queryId, baseUrl };
}

export interface DuneDependencies {
  metrics: PluginMetrics;
  log: Logger;
  /** The transport (tests); default the global fetch. */
  http?: FetchJsonDependencies;
}

export async function answerDune(
  instance: DataSourceInstance,
  query: DataQuery,
  { metrics, log, http }: DuneDependencies
): Promise<DataResponse> {
  const started = performance.now();
  try {
    const { queryId, baseUrl } = parseDuneQuery(query.json, instance.settings);
    const result = await getDuneLatestResult({ baseUrl, queryId, apiKey: instance.secrets.duneKey }, http);
    return { frames: [duneFrame(query.refId, queryId, result)], status: 200 };
  } catch (error) {
    metrics.queryErrors.inc({ source: sourceOf(error), error_source: errorSourceOf(error) });
    log.warn('dune query failed', { refId: query.refId, datasource: instance.uid, error: messageOf(error) });
    return errorResponse(error);
  } finally {
    metrics.queries.inc({ mode: DUNE_QUERY_TYPE });
    metrics.queryDuration.observe((performance.now() - started) / 1000, { mode: DUNE_QUERY_TYPE });
  }
}
