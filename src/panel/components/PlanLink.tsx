import React from 'react';
import { Text, TextLink } from '@grafana/ui';

import { findPlan } from '../../core/catalogue';
import type { KpiRow } from '../kpiRows';
import { planLinkOf, type PanelView } from '../panelView';

/**
 * The action plan the current state opens, its link carrying the panel's data source, range and the
 * row's KPI and entry (the plan page shows that data source's KPIs over that range); while the KPI is
 * ok (or has no data) its target instead; nothing for a part (its card says what it is a part of).
 */
export function PlanLink({ row, view }: { row: KpiRow; view: PanelView }) {
  const href = planLinkOf(row, view);
  if (row.partIndex !== undefined) {
    // A part opens no plan and has no target of its own: its card says what it is a part of.
    return null;
  }
  if (!row.plan || !href) {
    return (
      <Text variant="bodySmall" color="secondary" truncate>
        {`Target ${row.kpi.target}`}
      </Text>
    );
  }
  const title = findPlan(row.plan)?.title ?? row.plan;
  return (
    <TextLink href={href} variant="bodySmall" inline={false} icon="arrow-right" data-testid="plan-link">
      {title}
    </TextLink>
  );
}
