import React from 'react';
import { useParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, Stack, Text, TextLink } from '@grafana/ui';

import { findPlan, KPIS, plansOfKpi } from '../../catalogue';
import { PLUGIN_BASE_URL } from '../../constants';

/**
 * One action plan at its stable URL (/a/halo-pmm-app/plans/<plan>). The live values of the KPIs
 * that open it come with the backend; for now the page names them.
 */
export function PlanPage() {
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
  const openers = KPIS.filter((kpi) => plansOfKpi(kpi).includes(plan.id));
  return (
    <PluginPage pageNav={{ text: plan.title, subTitle: plan.trigger }}>
      <Stack direction="column" gap={2}>
        <Text element="p">{plan.summary}</Text>
        <Text element="p" color="secondary">
          Opened by: {openers.map((kpi) => `${kpi.name} (target ${kpi.target})`).join(' · ')}
        </Text>
        {plan.sections.map((section) => (
          <section key={section.id} aria-label={section.title}>
            <Text element="h3">{section.title}</Text>
            <ol>
              {section.steps.map((step) => (
                <li key={step.id}>
                  <Text>{step.text}</Text>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </Stack>
    </PluginPage>
  );
}
