import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import { STATES } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import {
  assertBand,
  assertNotClipped,
  assertPlanLink,
  assertState,
  cardOf,
  describe,
  readCards,
  stateColours,
} from '../support/panelAssertions';
import { expectedEntries } from '../support/pickRows';

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  const entries = expectedEntries(ctx.fixtures);
  const picks = STATES.flatMap((state) => entries.find((entry) => entry.state === state) ?? []);
  assert.ok(
    picks.some((pick) => pick.state === 'warning'),
    'the demo world has a KPI in warning'
  );
  const colours = await stateColours(ctx);
  const panels = page.getByTestId('single-panel');
  assert.equal(await panels.count(), picks.length, 'one 300×150 panel per state');
  for (const [i, pick] of picks.entries()) {
    const panel = panels.nth(i);
    const frame = await panel.boundingBox();
    assert.ok(frame && Math.round(frame.width) === 300 && Math.round(frame.height) === 150, 'the panel is 300×150');
    const cards = await readCards(panel);
    assert.equal(cards.length, 1, `${describe(pick)}: the panel shows one KPI`);
    const card = cardOf(cards, pick);
    assertState(card, pick, colours);
    assertBand(card, pick);
    assertPlanLink(card, pick);
    assertNotClipped(card, frame, describe(pick));
  }
  await ctx.screenshot('panel-single', '[data-testid="singles"]');
}
