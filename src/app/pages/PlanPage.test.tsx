import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';

import { findPlan } from '../../catalogue';
import { PlanPage } from './PlanPage';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path="/a/halo-pmm-app/plans/:planId" element={<PlanPage />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('action-plan page', () => {
  it('shows every section and step of the plan at its stable URL', () => {
    renderAt('/a/halo-pmm-app/plans/uptime-warning');
    const plan = findPlan('uptime-warning')!;
    for (const section of plan.sections) {
      const region = screen.getByRole('region', { name: section.title });
      expect(within(region).getAllByRole('listitem')).toHaveLength(section.steps.length);
    }
    expect(screen.getByText(/Quoting uptime \(target ≥ 99\.5 %\)/)).toBeInTheDocument();
  });

  it('an unknown plan says so and links to the list', () => {
    renderAt('/a/halo-pmm-app/plans/nope');
    expect(screen.getByText('No action plan "nope"')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See every action plan' })).toHaveAttribute(
      'href',
      '/a/halo-pmm-app/plans'
    );
  });
});
