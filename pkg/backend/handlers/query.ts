/**
 * A DataQuery's JSON read as a PmmQuery (src/core/query.ts): which KPIs, which entries of
 * them, instant or range. Anything wrong with it is the query's own error (source "plugin"), never
 * the request's.
 */
import { AREAS, KPIS, findKpi, type Area, type KpiDefinition } from '../../../src/core/catalogue';
import { STATISTICS, type PmmStoredQuery as PmmQuery } from '../../../src/core/query';
import { PmmError } from '../../../src/core/errors';
import type { PmmSettings } from '../../../src/core/settings/types';

export type QueryMode = 'instant' | 'range';

export interface ParsedQuery {
  refId: string;
  kpis: KpiDefinition[];
  /** The query named one KPI: its failure is the query's error, not a notice. */
  single: boolean;
  mode: QueryMode;
  asset?: string;
  venue?: string;
  /** The judged slope instead of the value (instant queries of trend KPIs). */
  trend?: boolean;
  /** Each number's band state instead of its value (statistic 'state', instant queries). */
  state?: boolean;
}

const SOURCE = 'query';

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new PmmError(SOURCE, `"${key}" must be a string, got ${JSON.stringify(value)}`, {
      fix: 'edit the query in the panel editor',
    });
  }
  return value;
}

export function parseQuery(refId: string, json: Buffer, settings: PmmSettings): ParsedQuery {
  let body: unknown;
  try {
    body = json.length === 0 ? {} : JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new PmmError(SOURCE, 'the query is not JSON', { fix: 'edit the query in the panel editor', cause: error });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PmmError(SOURCE, 'the query is not a JSON object', { fix: 'edit the query in the panel editor' });
  }
  const fields = body as Record<string, unknown>;
  const query: Pick<PmmQuery, 'kpi' | 'asset' | 'mode' | 'area' | 'venue' | 'statistic'> = {
    statistic: optionalString(fields, 'statistic') as PmmQuery['statistic'],
    kpi: optionalString(fields, 'kpi'),
    asset: optionalString(fields, 'asset'),
    mode: optionalString(fields, 'mode') as PmmQuery['mode'],
    area: optionalString(fields, 'area') as Area | undefined,
    venue: optionalString(fields, 'venue'),
  };
  if (query.mode !== undefined && query.mode !== 'instant' && query.mode !== 'range') {
    throw new PmmError(SOURCE, `mode "${query.mode}" is neither "instant" nor "range"`, {
      fix: 'pick Instant or Range in the query editor',
    });
  }
  if (query.statistic !== undefined && !STATISTICS.includes(query.statistic)) {
    throw new PmmError(SOURCE, `statistic "${query.statistic}" is not one of ${STATISTICS.join(', ')}`, {
      fix: 'ask for "trend" only on a KPI judged on its trend (total_pnl), "state" for the band state',
    });
  }
  if (query.statistic === 'state' && query.mode !== 'instant') {
    // A state is judged over the whole range; a series of states is not what any rule or panel reads.
    throw new PmmError(SOURCE, 'statistic "state" is answered for instant queries only', {
      fix: 'set "mode": "instant"',
    });
  }
  if (query.area !== undefined && !AREAS.includes(query.area)) {
    throw new PmmError(SOURCE, `area "${query.area}" is not one of ${AREAS.join(', ')}`, {
      fix: 'pick an area in the query editor',
    });
  }
  let kpis: KpiDefinition[];
  if (query.kpi !== undefined) {
    const kpi = findKpi(query.kpi);
    if (!kpi) {
      throw new PmmError(SOURCE, `unknown KPI "${query.kpi}"`, {
        fix: `use one of: ${KPIS.map((k) => k.id).join(', ')}`,
      });
    }
    if (query.asset !== undefined && !kpi.perAsset) {
      throw new PmmError(SOURCE, `${kpi.id} is not measured per asset, so it has no "${query.asset}" entry`, {
        fix: 'clear the asset, or pick a per-asset KPI (net_delta, inventory_level, token_pnl)',
      });
    }
    if (query.venue !== undefined && kpi.breakdown !== 'venue' && kpi.breakdown !== 'node') {
      throw new PmmError(SOURCE, `${kpi.id} is not measured per venue or node`, { fix: 'clear the venue' });
    }
    kpis = [kpi];
  } else {
    kpis = KPIS.filter((kpi) => query.area === undefined || kpi.area === query.area);
  }
  if (query.asset !== undefined && !settings.assets.some((a) => a.symbol === query.asset)) {
    throw new PmmError(SOURCE, `asset "${query.asset}" is not configured in this data source`, {
      fix: `use one of: ${settings.assets.map((a) => a.symbol).join(', ') || '(no asset configured)'}`,
    });
  }
  return {
    refId,
    kpis,
    single: query.kpi !== undefined,
    mode: query.mode ?? 'range',
    asset: query.asset,
    venue: query.venue,
    trend: query.statistic === 'trend',
    state: query.statistic === 'state',
  };
}
