import React, { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, TextLink } from '@grafana/ui';

import { findPlan, type ActionPlan } from '../../core/catalogue';
import { PLUGIN_BASE_URL } from '../../core/urls';
import { PlanView } from '../components/PlanView';
import { queryKpis } from '../kpiQuery';
import { readPlanContext, type PlanContext } from '../planContext';
import { usePlanKpis, type LoadKpis } from '../usePlanKpis';

export interface PlanPageProps {
  /** How the KPIs' frames are read; Grafana's data source by default. */
  load?: LoadKpis;
}

function KnownPlan({ plan, context, load }: { plan: ActionPlan; context: PlanContext; load: LoadKpis }) {
  const kpis = usePlanKpis(plan.id, context, load);
  return (
    <PluginPage pageNav={{ text: plan.title, subTitle: plan.trigger }}>
      <PlanView plan={plan} kpis={kpis} context={context} />
    </PluginPage>
  );
}

/**
 * One action plan at its stable URL (/a/halo-pmm-app/plans/<plan>), where the alert rules' runbook_url
 * and the threshold panel's links point: its sections and steps, and the value and state of the KPIs
 * that open it, read from the data source and over the range the link names (planContext.ts; the first
 * PMM Monitor data source over the last 24 hours when it names none), the linked KPI marked.
 */
export function PlanPage({ load = queryKpis }: PlanPageProps) {
  const { planId = '' } = useParams();
  const [params] = useSearchParams();
  const context = useMemo(() => readPlanContext(params), [params]);
  const plan = findPlan(planId);
  if (!plan) {
    return (
      <PluginPage>
        <Alert severity="error" title={`No action plan "${planId}"`}>
          <TextLink href={`${PLUGIN_BASE_URL}/plans`}>See every action plan</TextLink>
        </Alert>
      </PluginPage>
    );
  }
  return <KnownPlan plan={plan} context={context} load={load} />;
}
