import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Card, Stack, Text } from '@grafana/ui';

import { KPIS, PLANS, plansOfKpi } from '../../core/catalogue';
import { planUrl } from '../../core/urls';

/** Every action plan, with the KPIs whose states open it. */
export function PlanListPage() {
  return (
    <PluginPage>
      <Stack direction="column" gap={1}>
        {PLANS.map((plan) => {
          const openers = KPIS.filter((kpi) => plansOfKpi(kpi).includes(plan.id)).map((kpi) => kpi.name);
          return (
            <Card key={plan.id} href={planUrl(plan.id)}>
              <Card.Heading>{plan.title}</Card.Heading>
              <Card.Meta>{[plan.trigger]}</Card.Meta>
              <Card.Description>
                <Text>{plan.summary}</Text>
                <br />
                <Text color="secondary">Opened by: {openers.join(', ')}</Text>
              </Card.Description>
            </Card>
          );
        })}
      </Stack>
    </PluginPage>
  );
}
