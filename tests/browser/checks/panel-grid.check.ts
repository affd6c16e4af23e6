import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import { AREAS, KPIS } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import {
  assertBand,
  assertPlanLink,
  assertState,
  cardOf,
  describe,
  readCards,
  stateColours,
} from '../support/panelAssertions';
import { expectedEntries, rangeNumbers } from '../support/pickRows';

const SEVERITY: Record<string, number> = { critical: 3, warning: 2, ok: 1, none: 0 };

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 1000 });
  const entries = expectedEntries(ctx.fixtures);
  const colours = await stateColours(ctx);

  // Every KPI of the catalogue answered, and every number of the answer is one card.
  assert.deepEqual(
    [...new Set(entries.map((entry) => entry.kpi.id))].sort(),
    KPIS.map((kpi) => kpi.id).sort(),
    'the demo world answers every KPI'
  );
  const grid = page.getByTestId('grid-panel');
  const cards = await readCards(grid);
  assert.equal(cards.length, entries.length, 'one card per KPI number');
  for (const entry of entries) {
    const card = cardOf(cards, entry);
    assertState(card, entry, colours);
    assertBand(card, entry);
    assertPlanLink(card, entry);
  }
  // The demo world has KPIs in each state, so each kind of card was seen above.
  for (const state of ['ok', 'warning', 'critical']) {
    assert.ok(
      entries.some((entry) => entry.state === state),
      `the demo world has a KPI in ${state}`
    );
  }

  // Grouped by the framework's areas, in its order.
  const groups = await grid
    .getByTestId('kpi-group')
    .evaluateAll((sections) => sections.map((section) => section.getAttribute('aria-label')));
  assert.deepEqual(
    groups,
    AREAS.filter((area) => entries.some((entry) => entry.kpi.area === area))
  );

  // A range answer of two numbers or more draws a sparkline (a uPlot canvas); a KPI measured only now
  // (one point) or without a number over the range draws none.
  for (const entry of entries) {
    const numbers = rangeNumbers(ctx.fixtures, entry.labels);
    assert.equal(
      cardOf(cards, entry).sparklineCanvas,
      numbers >= 2,
      `${describe(entry)}: sparkline with ${numbers} numbers over the range`
    );
  }
  assert.ok(
    cards.filter((card) => card.sparklineCanvas).length >= entries.length / 2,
    'most KPIs of the demo world have a history to draw'
  );

  // The list, sorted by severity: never a worse state after a better one.
  const states = (await readCards(page.getByTestId('list-panel'))).map((card) => card.state);
  assert.equal(states.length, entries.length, 'the list shows every KPI number');
  states.forEach((state, i) => {
    if (i > 0) {
      assert.ok(SEVERITY[state] <= SEVERITY[states[i - 1]], `list position ${i}: ${state} after ${states[i - 1]}`);
    }
  });

  await ctx.screenshot('panel-grid', '[data-testid="grid-panel"]');
  await ctx.screenshot('panel-list', '[data-testid="list-panel"]');
}
