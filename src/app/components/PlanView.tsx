import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';

import type { ActionPlan } from '../../core/catalogue';
import type { PlanContext } from '../planContext';
import type { PlanKpis } from '../usePlanKpis';
import { OpenerKpis } from './OpenerKpis';

/** One plan: its summary, the KPIs that open it with their current values, then its sections and steps. */
export function PlanView({ plan, kpis, context }: { plan: ActionPlan; kpis: PlanKpis; context: PlanContext }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      <Text element="p">{plan.summary}</Text>
      <OpenerKpis planId={plan.id} kpis={kpis} context={context} />
      {plan.sections.map((section) => (
        <section key={section.id} aria-label={section.title} data-testid="plan-section">
          <Text element="h3">{section.title}</Text>
          <ol className={styles.steps}>
            {section.steps.map((step) => (
              <li key={step.id} data-testid="plan-step">
                <Text>{step.text}</Text>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  steps: css({ paddingLeft: theme.spacing(3), '& > li': { marginBottom: theme.spacing(0.5) } }),
});
