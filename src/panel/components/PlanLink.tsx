import React from 'react';
import { Text, TextLink } from '@grafana/ui';

import { findPlan } from '../../core/catalogue';
import { planUrl } from '../../core/urls';
import type { KpiRow } from '../kpiRows';

/** The action plan the current state opens; while the KPI is ok (or has no data) its target instead. */
export function PlanLink({ row }: { row: KpiRow }) {
  if (!row.plan) {
    return (
      <Text variant="bodySmall" color="secondary" truncate>
        Target {row.kpi.target}
      </Text>
    );
  }
  const title = findPlan(row.plan)?.title ?? row.plan;
  return (
    <TextLink href={planUrl(row.plan)} variant="bodySmall" inline={false} icon="arrow-right" data-testid="plan-link">
      {title}
    </TextLink>
  );
}
