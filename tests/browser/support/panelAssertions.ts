/**
 * What a user sees on a threshold-panel card, asserted from the outside: the card's state, the colour
 * of its value, where the band's marker sits, and where its link goes. Every expected value comes from
 * the catalogue and the fixtures (pickRows.ts), or from geometry, never from the panel's code. The page
 * is read once per panel (readCards) so that 35 cards cost one round trip, not hundreds.
 */
import assert from 'node:assert/strict';

import type { Locator } from 'playwright-core';

import { findPlan, type State } from '../../../src/core/catalogue';
import type { BrowserFixtures, CheckContext } from '../fixtures';
import { expectedScale } from './expectedScale';
import type { ExpectedEntry } from './pickRows';
import { readNumber } from './readNumber';

/** Grafana's colour for each state: the names the backend writes in every frame's thresholds. */
const GRAFANA_STATE_COLOUR: Record<State, string> = { ok: 'green', warning: 'orange', critical: 'red' };

const PLAN_BASE = '/a/halo-pmm-app/plans/';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One card as the browser laid it out. */
export interface CardView {
  kpi: string;
  entry: string;
  state: string;
  /** The card's status: a state, `part`, `error` or `no-data`. */
  status: string;
  title: { text: string; lines: number; cut: boolean };
  /** Every text of the card's header (its title and its badge, if any). */
  header: string;
  value: string;
  valueColour: string;
  valueCut: boolean;
  band?: Box;
  /** The band's coloured track (its zones' row), without the labels under it. */
  track?: Box;
  zones: Array<{ state: string; box: Box }>;
  marker?: Box;
  labels: Array<{ edge: number; text: string; box: Box }>;
  reason?: string;
  link?: { href: string; text: string; box: Box };
  /** Boxes of the card's parts by test id (title, value, band, sparkline). */
  parts: Record<string, Box>;
  sparklineCanvas: boolean;
}

export function readCards(scope: Locator): Promise<CardView[]> {
  return scope.locator('[data-testid="kpi-card"]').evaluateAll((cards) => {
    const boxOf = (element: Element | null) => {
      if (!element) {
        return undefined;
      }
      const r = element.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const byId = (card: Element, id: string) => card.querySelector(`[data-testid="${id}"]`);
    return cards.map((card) => {
      const value = byId(card, 'kpi-value');
      const link = byId(card, 'plan-link');
      const title = byId(card, 'kpi-title') as HTMLElement | null;
      const band = byId(card, 'kpi-band');
      const parts: Record<string, { x: number; y: number; width: number; height: number }> = {};
      for (const id of ['kpi-title', 'kpi-value', 'kpi-band', 'kpi-sparkline', 'kpi-reason']) {
        const box = boxOf(byId(card, id));
        if (box) {
          parts[id] = box;
        }
      }
      return {
        kpi: card.getAttribute('data-kpi') ?? '',
        entry: card.getAttribute('data-entry') ?? '',
        state: card.getAttribute('data-state') ?? '',
        status: card.getAttribute('data-status') ?? '',
        title: {
          text: (title?.textContent ?? '').trim(),
          lines: Number(card.getAttribute('data-title-lines') ?? 1),
          cut: title ? title.scrollHeight > title.clientHeight + 1 || title.scrollWidth > title.clientWidth + 1 : true,
        },
        header: ((title?.parentElement?.parentElement ?? title)?.textContent ?? '').trim(),
        value: (value?.textContent ?? '').trim(),
        valueColour: value ? getComputedStyle(value).color : '',
        // Cut: wider than its own box, or reaching past a box around it that hides what overflows.
        valueCut: value
          ? value.scrollWidth > value.clientWidth + 1 ||
            (() => {
              const box = value.getBoundingClientRect();
              for (let up = value.parentElement; up && up !== card.parentElement; up = up.parentElement) {
                const around = up.getBoundingClientRect();
                if (getComputedStyle(up).overflowX !== 'visible' && box.right > around.right + 1) {
                  return true;
                }
              }
              return false;
            })()
          : true,
        band: boxOf(band),
        track: boxOf(band?.firstElementChild ?? null),
        zones: [...card.querySelectorAll('[data-testid="band-zone"]')].map((zone) => ({
          state: zone.getAttribute('data-state') ?? '',
          box: boxOf(zone)!,
        })),
        marker: boxOf(byId(card, 'band-marker')),
        labels: [...card.querySelectorAll('[data-testid="band-edge-label"]')].map((label) => ({
          edge: Number(label.getAttribute('data-edge')),
          text: (label.textContent ?? '').trim(),
          box: boxOf(label)!,
        })),
        reason: byId(card, 'kpi-reason')?.textContent?.trim(),
        link: link
          ? { href: link.getAttribute('href') ?? '', text: (link.textContent ?? '').trim(), box: boxOf(link)! }
          : undefined,
        parts,
        sparklineCanvas: card.querySelector('[data-testid="kpi-sparkline"] canvas') !== null,
      };
    });
  });
}

export function describe(entry: ExpectedEntry): string {
  return entry.entry ? `${entry.kpi.id} (${entry.entry})` : entry.kpi.id;
}

export function cardOf(cards: readonly CardView[], entry: ExpectedEntry): CardView {
  const found = cards.filter((card) => card.kpi === entry.kpi.id && card.entry === entry.entry);
  assert.equal(found.length, 1, `${describe(entry)}: exactly one card`);
  return found[0];
}

/** The theme's colour of each state, resolved once per page. */
export async function stateColours(ctx: CheckContext): Promise<Record<State, string>> {
  return {
    ok: await ctx.themeColour(GRAFANA_STATE_COLOUR.ok),
    warning: await ctx.themeColour(GRAFANA_STATE_COLOUR.warning),
    critical: await ctx.themeColour(GRAFANA_STATE_COLOUR.critical),
  };
}

/** The card's state is the catalogue's, and its value is drawn in the theme's colour for it. */
export function assertState(card: CardView, entry: ExpectedEntry, colours: Record<State, string>): void {
  assert.equal(card.state, entry.state ?? 'none', `${describe(entry)}: state`);
  if (entry.state) {
    assert.equal(card.valueColour, colours[entry.state], `${describe(entry)}: value colour`);
  }
}

/** Is step i the one the judged value falls in (Grafana's threshold semantics: from inclusive)? */
function inStep(entry: ExpectedEntry, i: number): boolean {
  const value = entry.judged as number;
  const from = entry.bands[i].from;
  const next = entry.bands[i + 1]?.from;
  return (from === null || value >= from) && (next === undefined || next === null || value < next);
}

/**
 * The zones tile the band in the order of the KPI's steps, each boundary where the scale's rule
 * (expectedScale.ts, worked out again without the panel's code) puts its edge; the marker sits where the
 * same scale puts the judged value, always inside the band (the scale holds it), in the zone of the
 * expected state.
 */
export function assertBand(card: CardView, entry: ExpectedEntry, unit: string): void {
  const name = describe(entry);
  const { track, zones } = card;
  assert.ok(track, `${name}: no band`);
  assert.deepEqual(
    zones.map((zone) => zone.state),
    entry.bands.map((step) => step.state),
    `${name}: one zone per band step, in order`
  );
  assert.ok(Math.abs(zones[0].box.x - track.x) < 1, `${name}: the first zone starts the band`);
  const lastZone = zones[zones.length - 1].box;
  assert.ok(Math.abs(lastZone.x + lastZone.width - (track.x + track.width)) < 1, `${name}: the last zone ends it`);
  const scale = expectedScale(entry);
  const xOf = (value: number) => track.x + scale.at(value) * track.width;
  entry.bands.slice(1).forEach((step, j) => {
    const boundary = zones[j + 1].box.x;
    const expected = xOf(step.from as number);
    assert.ok(Math.abs(boundary - expected) < 1, `${name}: edge ${step.from} at x=${boundary}, not ${expected}`);
  });
  assertEdgeLabels(card, entry, unit);
  if (entry.judged === null) {
    assert.equal(card.marker, undefined, `${name}: no marker without a value`);
    return;
  }
  assert.ok(card.marker, `${name}: no marker`);
  const x = card.marker.x + card.marker.width / 2;
  const expected = xOf(entry.judged);
  assert.ok(Math.abs(x - expected) < 1.5, `${name}: marker at x=${x.toFixed(1)}, not ${expected.toFixed(1)}`);
  assert.ok(x >= track.x - 0.5 && x <= track.x + track.width + 0.5, `${name}: the marker leaves the band`);
  const home = zones[entry.bands.findIndex((_, i) => inStep(entry, i))];
  assert.ok(home, `${name}: no zone holds the judged value`);
  assert.equal(home.state, entry.state, `${name}: the value's zone is its state's`);
  assert.ok(x >= home.box.x - 0.5 && x <= home.box.x + home.box.width + 0.5, `${name}: marker outside its zone`);
}

/**
 * Every edge labelled with its exact number in the unit (per day for a KPI judged on its trend), in
 * order, no two labels overlapping, all within the band.
 */
export function assertEdgeLabels(card: CardView, entry: ExpectedEntry, unit: string): void {
  const name = describe(entry);
  const edges = entry.bands.slice(1).map((step) => step.from as number);
  assert.deepEqual(
    card.labels.map((label) => label.edge),
    edges,
    `${name}: one label per band edge, in order`
  );
  const trend = entry.kpi.judgedOn === 'trend';
  for (const label of card.labels) {
    if (trend) {
      assert.ok(label.text.endsWith('/day'), `${name}: "${label.text}" is per day`);
    }
    const number = trend ? label.text.slice(0, -'/day'.length) : label.text;
    assert.equal(readNumber(number, unit), label.edge, `${name}: label "${label.text}" for edge ${label.edge}`);
    const band = card.band!;
    assert.ok(
      label.box.x >= band.x - 0.5 && label.box.x + label.box.width <= band.x + band.width + 0.5,
      `${name}: label "${label.text}" leaves the band`
    );
  }
  card.labels.forEach((label, i) => {
    if (i > 0) {
      const previous = card.labels[i - 1].box;
      assert.ok(previous.x + previous.width <= label.box.x + 0.5, `${name}: labels ${i - 1} and ${i} overlap`);
    }
  });
}

/** What the plan link carries besides the plan: where the panel's numbers come from. */
export interface LinkContext {
  datasource: string;
  fromMs: number;
  toMs: number;
}

export function linkContextOf(fixtures: BrowserFixtures, datasource = 'pmm-demo'): LinkContext {
  return { datasource, fromMs: fixtures.timeRange.fromMs, toMs: fixtures.timeRange.toMs };
}

/** A plan page's link: its path, and the data source, range, KPI and entry in its query string. */
export function assertPlanHref(href: string, entry: ExpectedEntry, planId: string, context: LinkContext): void {
  const name = describe(entry);
  const url = new URL(href, 'http://grafana.invalid');
  assert.equal(url.pathname, `${PLAN_BASE}${planId}`, `${name}: plan page`);
  const expected: Record<string, string> = {
    datasource: context.datasource,
    from: String(context.fromMs),
    to: String(context.toMs),
    kpi: entry.kpi.id,
  };
  if (entry.entry !== '') {
    expected[entry.kpi.breakdown ?? 'entry'] = entry.entry;
  }
  assert.deepEqual(Object.fromEntries(url.searchParams), expected, `${name}: the link's data source, range and entry`);
}

/** A state that opens a plan links to that plan's page with the panel's context; an ok one shows no plan link. */
export function assertPlanLink(card: CardView, entry: ExpectedEntry, context: LinkContext): void {
  if (!entry.plan) {
    assert.equal(card.link, undefined, `${describe(entry)}: ${entry.state ?? 'no data'} links no plan`);
    return;
  }
  assert.ok(card.link, `${describe(entry)}: plan link`);
  assertPlanHref(card.link.href, entry, entry.plan, context);
  assert.equal(card.link.text, findPlan(entry.plan)?.title, `${describe(entry)}: plan title`);
}

/** The card's name is whole: on one line, or wrapped onto two, never cut. */
export function assertTitleWhole(card: CardView, name: string): void {
  assert.equal(card.title.cut, false, `${name}: the title "${card.title.text}" is cut`);
}

function inside(box: Box, frame: Box): boolean {
  return (
    box.x >= frame.x - 0.5 &&
    box.y >= frame.y - 0.5 &&
    box.x + box.width <= frame.x + frame.width + 0.5 &&
    box.y + box.height <= frame.y + frame.height + 0.5
  );
}

/** Every part of the card lies inside `frame`, none is squeezed, neither the value nor the title is cut. */
export function assertNotClipped(card: CardView, frame: Box, name: string): void {
  // A number with a history draws its sparkline; one without says why in its place.
  const parts = ['kpi-title', 'kpi-value', 'kpi-band', ...(card.parts['kpi-sparkline'] ? ['kpi-sparkline'] : [])];
  for (const part of parts) {
    const box = card.parts[part];
    assert.ok(box, `${name}: ${part} missing`);
    assert.ok(
      inside(box, frame),
      `${name}: ${part} ${JSON.stringify(box)} leaves the ${frame.width}×${frame.height} panel`
    );
    assert.ok(box.height >= 8, `${name}: ${part} is squeezed to ${box.height}px`);
  }
  if (card.link) {
    assert.ok(inside(card.link.box, frame), `${name}: the plan link leaves the panel`);
  }
  assert.equal(card.valueCut, false, `${name}: the value is cut`);
  assertTitleWhole(card, name);
}
