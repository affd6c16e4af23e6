/**
 * An action-plan page as Grafana routes to it (/a/halo-pmm-app/plans/<plan>), opened by a link from a
 * panel: the plan the first KPI of the demo world in warning opens (by the catalogue's judgement), with
 * the desk's data source (the second PMM Monitor data source), the fixtures' range and that KPI's entry
 * in its query string. The page queries through @grafana/runtime, answered with the backend's frames.
 */
import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

import { PlanPage } from '../../../src/app/pages/PlanPage';
import { planUrl } from '../../../src/core/urls';
import type { SceneProps } from '../fixtures';
import { FIXTURE_DATASOURCES, installFixtureDataSource } from '../support/fixtureDataSource';
import { expectedEntries } from '../support/pickRows';

/** The link as a panel writes it, its query string spelled out here (the check reads it back). */
export function linkOf(fixtures: SceneProps['fixtures']): string {
  const warning = expectedEntries(fixtures).find((entry) => entry.state === 'warning');
  const plan = warning?.plan ?? 'uptime-warning';
  const params = new URLSearchParams({
    datasource: FIXTURE_DATASOURCES[1].uid,
    from: String(fixtures.timeRange.fromMs),
    to: String(fixtures.timeRange.toMs),
  });
  if (warning) {
    params.set('kpi', warning.kpi.id);
    if (warning.entry !== '') {
      params.set(warning.kpi.breakdown ?? 'entry', warning.entry);
    }
  }
  return `${planUrl(plan)}?${params.toString()}`;
}

export default function Scene({ fixtures }: SceneProps) {
  installFixtureDataSource(fixtures);
  const link = linkOf(fixtures);
  return (
    <div style={{ padding: 16, width: 1100 }} data-testid="plan-page" data-link={link}>
      <Routes>
        <Route path="/a/halo-pmm-app/plans/:planId" element={<PlanPage />} />
        <Route path="*" element={<Navigate to={link} replace />} />
      </Routes>
    </div>
  );
}
