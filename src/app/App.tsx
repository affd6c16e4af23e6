import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';

import { PlanListPage } from './pages/PlanListPage';
import { PlanPage } from './pages/PlanPage';

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path="plans" element={<PlanListPage />} />
      <Route path="plans/:planId" element={<PlanPage />} />
      <Route path="*" element={<Navigate to="plans" replace />} />
    </Routes>
  );
}

export default App;
