import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';

import { findPlan } from '../../core/catalogue';
import type { KpiRequest } from '../kpiQuery';
import { PlanPage } from './PlanPage';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

/** An instant frame as the backend writes it (labels and unit from the catalogue). */
const frame = (kpi: string, value: number, unit: string, labels: Record<string, string> = {}) =>
  toDataFrame({
    fields: [{ name: kpi, type: FieldType.number, labels: { kpi, ...labels }, config: { unit }, values: [value] }],
  });

const DEMO = { uid: 'pmm-demo', name: 'PMM Monitor (demo)' };

function renderAt(url: string, load: (ids: string[], request: KpiRequest) => Promise<DataFrame[]>) {
  return render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route
          path="/a/halo-pmm-app/plans/:planId"
          element={<PlanPage load={async (ids, request) => ({ frames: await load(ids, request), datasource: DEMO })} />}
        />
      </Routes>
    </MemoryRouter>
  );
}

describe('action-plan page', () => {
  it('shows every section and step of the plan at its stable URL, and the KPIs that open it', async () => {
    const asked: Array<{ ids: string[]; request: KpiRequest }> = [];
    // Uptime 98.7 is in warning (98 ≤ 98.7 < 99.5) and opens uptime-warning; quote acceptance 50 is ok.
    const before = Date.now();
    renderAt('/a/halo-pmm-app/plans/uptime-warning', async (ids, request) => {
      asked.push({ ids, request });
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
    expect(asked[0].ids).toContain('uptime');
    expect(asked[0].ids).toContain('gas_price_impact');
    // Without a link's data source and range: the first PMM data source, over the last 24 hours.
    expect(asked[0].request.datasource).toBeUndefined();
    const { from, to } = asked[0].request.range;
    expect(to.valueOf()).toBeGreaterThanOrEqual(before);
    expect(to.valueOf() - from.valueOf()).toBe(24 * 3600 * 1000);
  });

  it("reads the link's data source, range and entry: asks that data source over that range, marks the entry", async () => {
    const asked: KpiRequest[] = [];
    // Net delta of WETH at 3 % is a warning above (2 ≤ 3 < 5): it opens position-moderate; WBTC's 0 is ok.
    renderAt(
      '/a/halo-pmm-app/plans/position-moderate?datasource=desk-ds&from=1796023800000&to=1796281200001&kpi=net_delta&asset=WETH',
      async (_ids, request) => {
        asked.push(request);
        return [
          frame('net_delta', 3, 'percent', { asset: 'WETH' }),
          frame('net_delta', 0, 'percent', { asset: 'WBTC' }),
        ];
      }
    );
    const rows = await screen.findAllByTestId('plan-kpi');
    expect(asked[0].datasource).toBe('desk-ds');
    expect([asked[0].range.from.valueOf(), asked[0].range.to.valueOf()]).toEqual([1796023800000, 1796281200001]);
    expect(rows.map((row) => [row.dataset.entry, row.dataset.linked])).toEqual([
      ['WBTC', 'false'],
      ['WETH', 'true'],
    ]);
    expect(screen.getByTestId('plan-source')).toHaveTextContent('Values from PMM Monitor (demo) over');
  });

  it('a relative range in the link is read as Grafana reads it', async () => {
    const asked: KpiRequest[] = [];
    renderAt('/a/halo-pmm-app/plans/uptime-warning?from=now-7d&to=now', async (_ids, request) => {
      asked.push(request);
      return [];
    });
    await screen.findByTestId('plan-source');
    const { from, to } = asked[0].range;
    expect(to.valueOf() - from.valueOf()).toBe(7 * 24 * 3600 * 1000);
  });

  it('a link whose range does not read says so, and asks nothing', async () => {
    const load = jest.fn(async () => []);
    renderAt('/a/halo-pmm-app/plans/uptime-warning?from=now&to=now-7d', load);
    expect(await screen.findByText(/is not a range/)).toBeInTheDocument();
    expect(load).not.toHaveBeenCalled();
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
