import assert from 'node:assert/strict';

import type { Locator, Page } from 'playwright-core';

import { resolveBands, stateOf } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import { DESK_DECIMALS, DESK_EDGES, DESK_NAME, DESK_RUNBOOK, EURO_UNIT } from '../support/fieldOptionsDemo';
import {
  assertBand,
  assertEdgeLabels,
  assertNotClipped,
  assertPlanHref,
  assertPlanLink,
  assertState,
  cardOf,
  describe,
  linkContextOf,
  readCards,
  stateColours,
  type CardView,
} from '../support/panelAssertions';
import {
  ERROR_TEXT,
  erroredFrames,
  expectedEntries,
  QUERY_ERROR,
  singlePicks,
  type ExpectedEntry,
} from '../support/pickRows';
import { readNumber } from '../support/readNumber';

async function frameOf(panel: Locator) {
  const frame = await panel.boundingBox();
  assert.ok(frame && Math.round(frame.width) === 300 && Math.round(frame.height) === 150, 'the panel is 300×150');
  return frame;
}

async function onlyCard(panel: Locator, name: string): Promise<CardView> {
  const cards = await readCards(panel);
  assert.equal(cards.length, 1, `${name}: the panel shows one KPI`);
  return cards[0];
}

/** "2026-11-29 10:30" for Unix milliseconds, in UTC (the scenes' dashboard time zone). */
function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** The tooltip's bands: each state's range, its numbers read back in the unit. */
function assertTooltipBands(items: Array<{ state: string; text: string }>, entry: ExpectedEntry, unit: string): void {
  const name = describe(entry);
  assert.deepEqual(
    items.map((item) => item.state),
    entry.bands.map((step) => step.state),
    `${name}: one range per state, in order`
  );
  const edges = entry.bands.slice(1).map((step) => step.from as number);
  items.forEach((item, i) => {
    const parts = item.text.split(' and ');
    const expected: Array<[string, number]> = [];
    if (i > 0) {
      expected.push(['≥', edges[i - 1]]);
    }
    if (i < edges.length) {
      expected.push(['<', edges[i]]);
    }
    assert.equal(parts.length, expected.length, `${name}: range "${item.text}"`);
    parts.forEach((part, j) => {
      const [sign, edge] = expected[j];
      assert.ok(part.startsWith(`${sign} `), `${name}: "${part}" starts with ${sign}`);
      assert.equal(readNumber(part.slice(sign.length + 1), unit), edge, `${name}: "${part}" says ${edge}`);
    });
  });
}

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 1400 });
  const entries = expectedEntries(ctx.fixtures);
  const picks = singlePicks(ctx.fixtures);
  const context = linkContextOf(ctx.fixtures);
  for (const role of ['ok', 'warning', 'critical', 'far inside', 'far outside', 'no data']) {
    assert.ok(
      picks.some((pick) => pick.role === role),
      `the demo world has a KPI to show ${role}`
    );
  }
  const colours = await stateColours(ctx);

  // One 300×150 panel per pick: its state, its band (the value inside the scale), its link, nothing cut.
  const panels = page.getByTestId('single-panel');
  assert.equal(await panels.count(), picks.length, 'one 300×150 panel per pick');
  for (const [i, pick] of picks.entries()) {
    const panel = panels.nth(i);
    assert.equal(await panel.getAttribute('data-expect'), pick.role);
    const frame = await frameOf(panel);
    const card = cardOf(await readCards(panel), pick.entry);
    const name = `${pick.role}: ${describe(pick.entry)}`;
    assertState(card, pick.entry, colours);
    assertBand(card, pick.entry, pick.entry.kpi.unit);
    assertPlanLink(card, pick.entry, context);
    assertNotClipped(card, frame, name);
    if (pick.role === 'no data') {
      assert.equal(card.status, 'no-data', `${name}: status`);
      assert.ok(card.header.endsWith('no data'), `${name}: badge "no data" in "${card.header}"`);
      assert.ok(card.reason && card.reason.length > 0, `${name}: says why there is no value`);
    }
    if (pick.role === 'far outside') {
      // The value lies beyond its band by more than the band's own span, yet its marker sits inside.
      const edges = pick.entry.bands.slice(1).map((step) => step.from as number);
      const beyond = Math.max(edges[0] - pick.entry.judged!, pick.entry.judged! - edges[edges.length - 1]);
      assert.ok(beyond > edges[edges.length - 1] - edges[0], `${name}: far outside its band`);
    }
  }

  // A KPI whose source failed: the error badge, the error's words, its band without a marker, no link.
  const errored = erroredFrames(ctx.fixtures);
  const errorPanel = page.getByTestId('error-panel');
  const errorCard = await onlyCard(errorPanel, 'error');
  assert.equal(errorCard.status, 'error', 'the failed KPI shows an error');
  assert.ok(errorCard.header.endsWith('error'), `the error badge in "${errorCard.header}"`);
  // The error's words, without the KPI's name the card already shows.
  assert.equal(
    errorCard.reason,
    ERROR_TEXT.slice(`${errored.entry.kpi.name}: `.length),
    'the error is said on the card'
  );
  assert.equal(errorCard.value, 'No data');
  assertBand(errorCard, errored.entry, errored.entry.kpi.unit);
  assertPlanLink(errorCard, errored.entry, context);
  assertNotClipped(errorCard, await frameOf(errorPanel), 'error');

  // A query that failed as a whole: the panel says so, with Grafana's error.
  const failed = page.getByTestId('failed-panel');
  assert.equal((await failed.getByTestId('panel-error').textContent())?.trim(), QUERY_ERROR);

  // Standard field options: decimals, a display name, a thresholds override and a data link.
  const uptime = entries.find((entry) => entry.kpi.id === 'uptime');
  assert.ok(uptime && uptime.value !== null, 'the demo world has an uptime value');
  const deskBands = resolveBands(uptime.kpi, { uptime: { edges: DESK_EDGES } });
  const desk: ExpectedEntry = { ...uptime, bands: deskBands, state: stateOf(deskBands, uptime.value) };
  const optionsPanel = page.getByTestId('options-uptime');
  const deskCard = await onlyCard(optionsPanel, 'options');
  assert.equal(deskCard.title.text, DESK_NAME, 'the display name override');
  assert.equal(deskCard.value, `${uptime.value.toFixed(DESK_DECIMALS)}%`, 'the decimals option');
  assertState(deskCard, desk, colours);
  assertBand(deskCard, desk, 'percent');
  assertNotClipped(deskCard, await frameOf(optionsPanel), 'options');
  // The value opens the field's data links: the desk's own, and the data source's plan links with the context.
  await optionsPanel.getByTestId('kpi-value').click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  const links = await menu
    .locator('a')
    .evaluateAll((anchors) =>
      anchors.map((anchor) => ({ text: (anchor.textContent ?? '').trim(), href: anchor.getAttribute('href') ?? '' }))
    );
  assert.ok(
    links.some((link) => link.text === DESK_RUNBOOK.title && link.href === DESK_RUNBOOK.url),
    `the added data link in ${JSON.stringify(links)}`
  );
  const planLinks = links.filter((link) => link.href.includes('/plans/'));
  assert.ok(planLinks.length > 0, 'the data source’s plan links');
  for (const link of planLinks) {
    assertPlanHref(link.href, uptime, link.href.split('?')[0].split('/').pop() ?? '', context);
  }
  await page.keyboard.press('Escape');

  // A unit override: the value and the band's edges in euros.
  const unitPanel = page.getByTestId('options-unit');
  const [kpiId, asset] = ((await unitPanel.getAttribute('data-expect')) ?? '').split('/');
  const token = entries.find((entry) => entry.kpi.id === kpiId && entry.entry === asset);
  assert.ok(token && token.value !== null);
  const euroCard = await onlyCard(unitPanel, 'unit');
  assert.ok(euroCard.value.includes('€'), `the value "${euroCard.value}" in euros`);
  assert.ok(Math.abs(readNumber(euroCard.value, EURO_UNIT) - token.value) <= Math.abs(token.value) * 0.01);
  assertEdgeLabels(euroCard, token, EURO_UNIT);
  await ctx.screenshot('panel-single', '[data-testid="singles"]');
  await ctx.screenshot('panel-options', '[data-testid="options"]');

  // The tooltip on the band of the far-outside value: each state's exact range, the window, the choices.
  const outside = picks.find((pick) => pick.role === 'far outside')!.entry;
  const stage = page.getByTestId('tooltip-stage');
  // In view before the hover: a screenshot that scrolled would move the band from under the mouse.
  await stage.scrollIntoViewIfNeeded();
  await stage.getByTestId('kpi-band').hover();
  const details = page.getByTestId('kpi-details');
  await details.waitFor();
  const items = await details
    .getByTestId('kpi-details-bands')
    .locator('li')
    .evaluateAll((lis) =>
      lis.map((li) => ({
        state: li.getAttribute('data-state') ?? '',
        text: (li.lastElementChild?.textContent ?? '').trim(),
      }))
    );
  assertTooltipBands(items, outside, outside.kpi.unit);
  const window = (await details.getByTestId('kpi-details-window').textContent()) ?? '';
  if (outside.kpi.measuredAtQueryTime) {
    assert.ok(window.includes('Measured now'), `window: ${window}`);
  } else {
    const range = `${utcMinute(ctx.fixtures.timeRange.fromMs)} to ${utcMinute(ctx.fixtures.timeRange.toMs)}`;
    assert.ok(window.includes(range), `window "${window}" names ${range}`);
  }
  const text = (await details.textContent()) ?? '';
  for (const choice of outside.kpi.choices) {
    assert.ok(text.includes(choice), `${describe(outside)}: the choice "${choice.slice(0, 40)}…"`);
  }
  await ctx.screenshot('panel-tooltip', '[data-testid="tooltip-stage"]');
}
