import React from 'react';
import { useParams } from 'react-router-dom';
import type { DataFrame } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, TextLink } from '@grafana/ui';

import { findPlan, type ActionPlan } from '../../core/catalogue';
import { PLUGIN_BASE_URL } from '../../core/urls';
import { PlanView } from '../components/PlanView';
import { queryKpis } from '../kpiQuery';
import { usePlanKpis } from '../usePlanKpis';

export interface PlanPageProps {
  /** How the KPIs' frames are read; Grafana's data source by default. */
  load?: (kpiIds: string[]) => Promise<DataFrame[]>;
}

function KnownPlan({ plan, load }: { plan: ActionPlan; load: (kpiIds: string[]) => Promise<DataFrame[]> }) {
  const kpis = usePlanKpis(plan.id, load);
  return (
    <PluginPage pageNav={{ text: plan.title, subTitle: plan.trigger }}>
      <PlanView plan={plan} kpis={kpis} />
    </PluginPage>
  );
}

/**
 * One action plan at its stable URL (/a/halo-pmm-app/plans/<plan>), where the alert rules' runbook_url
 * and the threshold panel's links point: its sections and steps, and the current value and state of
 * the KPIs that open it, read from the PMM Monitor data source.
 */
export function PlanPage({ load = queryKpis }: PlanPageProps) {
  const { planId = '' } = useParams();
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
  return <KnownPlan plan={plan} load={load} />;
}
