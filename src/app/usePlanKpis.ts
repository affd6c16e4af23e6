import { useEffect, useMemo, useState } from 'react';
import type { TimeRange } from '@grafana/data';

import type { PlanId } from '../core/catalogue';
import { PmmError } from '../core/errors';
import { kpiRows, type KpiRow } from '../panel/kpiRows';
import { lastDay, queryKpis, type KpiAnswer, type KpiRequest } from './kpiQuery';
import type { PlanContext } from './planContext';
import { rangeOfContext } from './planRange';
import { openersOf } from './planOpeners';

export type LoadKpis = (kpiIds: string[], request: KpiRequest) => Promise<KpiAnswer>;

export type PlanKpis =
  | { status: 'loading' }
  | { status: 'error'; message: string; fix?: string }
  | { status: 'done'; rows: KpiRow[]; datasource: KpiAnswer['datasource']; range: TimeRange };

function failed(error: unknown): PlanKpis {
  if (error instanceof PmmError) {
    return { status: 'error', message: error.problem, fix: error.fix };
  }
  return { status: 'error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The live rows of the KPIs that open a plan, from the data source and over the range the link names
 * (the first PMM Monitor data source and the last 24 hours when it names none). `load` is injectable so
 * scenes and tests feed frames.
 */
export function usePlanKpis(planId: PlanId, context: PlanContext, load: LoadKpis = queryKpis): PlanKpis {
  const { datasource, from, to } = context;
  // The range is read once per link; a link whose range does not read is an error, with no query.
  const asked = useMemo((): { range: TimeRange } | { failure: PlanKpis } => {
    try {
      return { range: rangeOfContext({ from, to }) ?? lastDay() };
    } catch (error) {
      return { failure: failed(error) };
    }
  }, [from, to]);
  const key = JSON.stringify([planId, datasource, from, to]);
  // Kept with the request it answers, so a new plan or link shows "loading" without a reset in the effect.
  const [answer, setAnswer] = useState<{ key: string; kpis: PlanKpis }>();
  useEffect(() => {
    if (!('range' in asked)) {
      return undefined;
    }
    let live = true;
    const settle = (kpis: PlanKpis) => live && setAnswer({ key, kpis });
    const { range } = asked;
    load(
      openersOf(planId).map((opener) => opener.kpi.id),
      { datasource, range }
    ).then(
      (result) => settle({ status: 'done', rows: kpiRows(result.frames), datasource: result.datasource, range }),
      (error: unknown) => settle(failed(error))
    );
    return () => {
      live = false;
    };
  }, [key, planId, datasource, asked, load]);
  if ('failure' in asked) {
    return asked.failure;
  }
  return answer?.key === key ? answer.kpis : { status: 'loading' };
}
