import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import { AREAS, KPIS } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import {
  assertBand,
  assertPlanLink,
  assertState,
  assertTitleWhole,
  cardOf,
  describe,
  linkContextOf,
  readCards,
  stateColours,
} from '../support/panelAssertions';
import { expectedEntries, rangeNumbers } from '../support/pickRows';

const SEVERITY: Record<string, number> = { critical: 3, warning: 2, ok: 1, none: 0 };

/** Total PnL's parts as a desk reads them (the engine's keys, written out by hand). */
const PART_NAMES: Record<string, string> = {
  spreadUsd: 'Spread',
  inventoryMtmUsd: 'Inventory MTM',
  hedgePnlUsd: 'Hedge PnL',
  interestUsd: 'Interest',
  gasUsd: 'Gas',
  flashLoanFeesUsd: 'Flash loan fees',
  residualUsd: 'Residual',
};

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
  const context = linkContextOf(ctx.fixtures);
  for (const entry of entries) {
    const card = cardOf(cards, entry);
    assertState(card, entry, colours);
    assertTitleWhole(card, describe(entry));
    assert.equal(card.valueCut, false, `${describe(entry)}: the value "${card.value}" is cut`);
    if (entry.kpi.breakdown === 'part' && entry.entry !== '') {
      // A part is information beside its KPI's value: a readable name, no badge, no band.
      assert.equal(card.status, 'part', `${describe(entry)}: a part`);
      assert.equal(card.title.text, PART_NAMES[entry.entry], `${describe(entry)}: its name`);
      assert.equal(card.header, card.title.text, `${describe(entry)}: no badge beside "${card.header}"`);
      assert.equal(card.band, undefined, `${describe(entry)}: no band`);
      continue;
    }
    assertBand(card, entry, entry.kpi.unit);
    assertPlanLink(card, entry, context);
  }
  assert.ok(
    entries.some((entry) => entry.kpi.breakdown === 'part' && entry.entry !== ''),
    'the demo world decomposes total PnL into parts'
  );
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

  // The list, sorted by severity: never a worse state after a better one; every name whole.
  const lines = await readCards(page.getByTestId('list-panel'));
  lines.forEach((line) => {
    assertTitleWhole(line, `list: ${line.kpi} ${line.entry}`);
    assert.equal(line.valueCut, false, `list: ${line.kpi} ${line.entry}: the value "${line.value}" is cut`);
  });
  const states = lines.map((card) => card.state);
  assert.equal(states.length, entries.length, 'the list shows every KPI number');
  states.forEach((state, i) => {
    if (i > 0) {
      assert.ok(SEVERITY[state] <= SEVERITY[states[i - 1]], `list position ${i}: ${state} after ${states[i - 1]}`);
    }
  });

  await ctx.screenshot('panel-grid', '[data-testid="grid-panel"]');
  await ctx.screenshot('panel-list', '[data-testid="list-panel"]');
}
