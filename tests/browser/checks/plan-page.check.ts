import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import { findPlan, KPIS } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import type { AskedQuery } from '../support/fixtureDataSource';
import { assertPlanHref, linkContextOf } from '../support/panelAssertions';
import { expectedEntries } from '../support/pickRows';

/** "2026-11-29 10:30" in this machine's time zone, the browser's (both run here). */
function localMinute(ms: number): string {
  const at = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** The number a value text shows ("4.48%", "38.2%", "-$1K" are read as 4.48, 38.2, -1). */
function shownNumber(text: string): { value: number; decimals: number } {
  const match = /-?\d+(?:\.(\d+))?/.exec(text.replace(/,/g, ''));
  assert.ok(match, `no number in "${text}"`);
  return { value: Number(match[0]), decimals: match[1]?.length ?? 0 };
}

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  const entries = expectedEntries(ctx.fixtures);
  const linked = entries.find((entry) => entry.state === 'warning');
  const planId = linked?.plan;
  assert.ok(linked && planId, 'the demo world has a KPI in warning that opens a plan');
  // The page was opened by a panel's link: the desk's data source, the fixtures' range, the KPI's entry.
  const link = (await page.getByTestId('plan-page').getAttribute('data-link')) ?? '';
  const desk = linkContextOf(ctx.fixtures, 'pmm-desk');
  assertPlanHref(link, linked, planId, desk);
  const plan = findPlan(planId);
  assert.ok(plan);

  // Every section and every step of the plan, in order (once the page has rendered them: the scene
  // mounts asynchronously, and reading at once raced it on a busy machine).
  await page.getByTestId('plan-section').first().waitFor();
  const sections = await page.getByTestId('plan-section').evaluateAll((nodes) =>
    nodes.map((node) => ({
      title: node.getAttribute('aria-label'),
      steps: [...node.querySelectorAll('[data-testid="plan-step"]')].map((step) => step.textContent?.trim()),
    }))
  );
  assert.deepEqual(
    sections,
    plan.sections.map((section) => ({ title: section.title, steps: section.steps.map((step) => step.text) }))
  );

  // The current value and state of every number of every KPI that can open the plan.
  const openers = KPIS.filter((kpi) =>
    [kpi.plans.below?.warning, kpi.plans.below?.critical, kpi.plans.above?.warning, kpi.plans.above?.critical].includes(
      planId
    )
  );
  const expected = entries.filter((entry) => openers.includes(entry.kpi));
  await page.getByTestId('plan-kpi').first().waitFor();
  const rows = await page.getByTestId('plan-kpi').evaluateAll((nodes) =>
    nodes.map((node) => ({
      kpi: node.getAttribute('data-kpi') ?? '',
      entry: node.getAttribute('data-entry') ?? '',
      state: node.getAttribute('data-state') ?? '',
      opensNow: node.getAttribute('data-opens-now') === 'true',
      linked: node.getAttribute('data-linked') === 'true',
      nowOpens: node.querySelector('a')?.getAttribute('href') ?? undefined,
      value: node.querySelector('[data-testid="plan-kpi-value"]')?.textContent ?? '',
    }))
  );
  assert.equal(rows.length, expected.length, 'one line per number of the KPIs that open the plan');
  for (const entry of expected) {
    const row = rows.find((r) => r.kpi === entry.kpi.id && r.entry === entry.entry);
    const name = `${entry.kpi.id} ${entry.entry}`;
    assert.ok(row, `${name}: shown`);
    assert.equal(row.state, entry.state ?? 'none', `${name}: state`);
    assert.equal(row.opensNow, entry.plan === planId, `${name}: opens the plan now`);
    if (entry.value !== null && entry.kpi.unit === 'percent') {
      const shown = shownNumber(row.value);
      assert.ok(
        Math.abs(shown.value - entry.value) <= 0.5 * 10 ** -shown.decimals + 1e-9,
        `${name}: shows ${row.value} for ${entry.value}`
      );
    }
  }
  assert.ok(
    rows.some((row) => row.opensNow),
    'at least one KPI opens the plan now'
  );

  // The link's KPI and entry are marked, and only they.
  assert.deepEqual(
    rows.filter((row) => row.linked).map((row) => [row.kpi, row.entry]),
    [[linked.kpi.id, linked.entry]],
    'the linked number is marked'
  );
  // It asked the link's data source over the link's range, and says so.
  const asked = await page.evaluate(() => (window as unknown as { __pmmAsked?: AskedQuery[] }).__pmmAsked ?? []);
  assert.ok(asked.length > 0, 'the page queried');
  for (const query of asked) {
    assert.deepEqual(
      query,
      { uid: 'pmm-desk', fromMs: desk.fromMs, toMs: desk.toMs },
      'the link’s data source and range'
    );
  }
  const source = (await page.getByTestId('plan-source').textContent()) ?? '';
  const range = `${localMinute(desk.fromMs)} to ${localMinute(desk.toMs)}`;
  assert.ok(source.includes('PMM Monitor (desk)') && source.includes(range), `"${source}" names the desk and ${range}`);
  // A number whose state opens another plan links there with the same data source and range.
  for (const row of rows.filter((candidate) => candidate.nowOpens)) {
    const entry = expected.find((candidate) => candidate.kpi.id === row.kpi && candidate.entry === row.entry)!;
    assertPlanHref(row.nowOpens!, entry, entry.plan!, desk);
  }
  await ctx.screenshot('plan-page', '[data-testid="plan-page"]');
}
