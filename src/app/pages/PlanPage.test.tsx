import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';

import { findPlan } from '../../core/catalogue';
import { PlanPage } from './PlanPage';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

/** An instant frame as the backend writes it (labels and unit from the catalogue). */
const frame = (kpi: string, value: number, unit: string) =>
  toDataFrame({ fields: [{ name: kpi, type: FieldType.number, labels: { kpi }, config: { unit }, values: [value] }] });

function renderAt(url: string, load: (ids: string[]) => Promise<DataFrame[]>) {
  return render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path="/a/halo-pmm-app/plans/:planId" element={<PlanPage load={load} />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('action-plan page', () => {
  it('shows every section and step of the plan at its stable URL, and the KPIs that open it', async () => {
    const asked: string[][] = [];
    // Uptime 98.7 is in warning (98 ≤ 98.7 < 99.5) and opens uptime-warning; quote acceptance 50 is ok.
    renderAt('/a/halo-pmm-app/plans/uptime-warning', async (ids) => {
      asked.push(ids);
      return [frame('uptime', 98.7, 'percent'), frame('quote_acceptance', 50, 'percent')];
    });
    const plan = findPlan('uptime-warning')!;
    for (const section of plan.sections) {
      const region = screen.getByRole('region', { name: section.title });
      expect(within(region).getAllByRole('listitem')).toHaveLength(section.steps.length);
    }
    expect(screen.getByText(/Quoting uptime: warning \(too low\); target ≥ 99\.5 %/)).toBeVisible();
    const rows = await screen.findAllByTestId('plan-kpi');
    expect(rows.map((row) => [row.dataset.kpi, row.dataset.state, row.dataset.opensNow])).toEqual([
      ['uptime', 'warning', 'true'],
      ['quote_acceptance', 'ok', 'false'],
    ]);
    expect(within(rows[0]).getByTestId('plan-kpi-value')).toHaveTextContent('98.7%');
    // It asked for the KPIs whose states can open this plan (uptime-warning: every uptime-area KPI).
    expect(asked[0]).toContain('uptime');
    expect(asked[0]).toContain('gas_price_impact');
  });

  it('says so when the current values cannot be read, and still shows the steps', async () => {
    renderAt('/a/halo-pmm-app/plans/inventory-low', () => Promise.reject(new Error('No PMM Monitor data source')));
    expect(await screen.findByText('No PMM Monitor data source')).toBeInTheDocument();
    expect(screen.getAllByTestId('plan-step').length).toBe(
      findPlan('inventory-low')!.sections.reduce((n, section) => n + section.steps.length, 0)
    );
  });

  it('an unknown plan says so and links to the list', () => {
    renderAt('/a/halo-pmm-app/plans/nope', async () => []);
    expect(screen.getByText('No action plan "nope"')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See every action plan' })).toHaveAttribute(
      'href',
      '/a/halo-pmm-app/plans'
    );
  });
});
