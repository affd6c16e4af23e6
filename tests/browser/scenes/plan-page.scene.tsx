/**
 * An action-plan page as Grafana routes to it (/a/halo-pmm-app/plans/<plan>), querying the data source
 * through @grafana/runtime, answered with the backend's frames: the plan opened by the first KPI of the
 * demo world in warning (by the catalogue's judgement).
 */
import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

import { PlanPage } from '../../../src/app/pages/PlanPage';
import { planUrl } from '../../../src/core/urls';
import type { SceneProps } from '../fixtures';
import { installFixtureDataSource } from '../support/fixtureDataSource';
import { expectedEntries } from '../support/pickRows';

export default function Scene({ fixtures }: SceneProps) {
  installFixtureDataSource(fixtures);
  const plan = expectedEntries(fixtures).find((entry) => entry.state === 'warning')?.plan ?? 'uptime-warning';
  return (
    <div style={{ padding: 16, width: 1100 }} data-testid="plan-page">
      <Routes>
        <Route path="/a/halo-pmm-app/plans/:planId" element={<PlanPage />} />
        <Route path="*" element={<Navigate to={planUrl(plan)} replace />} />
      </Routes>
    </div>
  );
}
