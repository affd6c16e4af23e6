import { useEffect, useState } from 'react';
import type { DataFrame } from '@grafana/data';

import type { PlanId } from '../core/catalogue';
import { kpiRows, type KpiRow } from '../panel/kpiRows';
import { queryKpis } from './kpiQuery';
import { openersOf } from './planOpeners';

export type PlanKpis =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; rows: KpiRow[] };

/** The live rows of the KPIs that open a plan. `load` is injectable so scenes and tests feed frames. */
export function usePlanKpis(planId: PlanId, load: (kpiIds: string[]) => Promise<DataFrame[]> = queryKpis): PlanKpis {
  // Kept with the plan it answers, so moving to another plan shows "loading" without a reset in the effect.
  const [answer, setAnswer] = useState<{ planId: PlanId; kpis: PlanKpis }>();
  useEffect(() => {
    let live = true;
    load(openersOf(planId).map((opener) => opener.kpi.id)).then(
      (frames) => live && setAnswer({ planId, kpis: { status: 'done', rows: kpiRows(frames) } }),
      (error: unknown) =>
        live &&
        setAnswer({
          planId,
          kpis: { status: 'error', message: error instanceof Error ? error.message : String(error) },
        })
    );
    return () => {
      live = false;
    };
  }, [planId, load]);
  return answer?.planId === planId ? answer.kpis : { status: 'loading' };
}
