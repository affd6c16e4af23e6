/**
 * What a user sees on a threshold-panel card, asserted from the outside: the card's state, the colour
 * of its value, where the band's marker sits, and where its link goes. Every expected value comes from
 * the catalogue and the fixtures (pickRows.ts), or from geometry, never from the panel's code. The page
 * is read once per panel (readCards) so that 35 cards cost one round trip, not hundreds.
 */
import assert from 'node:assert/strict';

import type { Locator } from 'playwright-core';

import { findPlan, type State } from '../../../src/core/catalogue';
import type { CheckContext } from '../fixtures';
import type { ExpectedEntry } from './pickRows';

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
  valueColour: string;
  valueCut: boolean;
  band?: Box;
  zones: Array<{ state: string; box: Box }>;
  marker?: Box;
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
      const parts: Record<string, { x: number; y: number; width: number; height: number }> = {};
      for (const id of ['kpi-title', 'kpi-value', 'kpi-band', 'kpi-sparkline']) {
        const box = boxOf(byId(card, id));
        if (box) {
          parts[id] = box;
        }
      }
      return {
        kpi: card.getAttribute('data-kpi') ?? '',
        entry: card.getAttribute('data-entry') ?? '',
        state: card.getAttribute('data-state') ?? '',
        valueColour: value ? getComputedStyle(value).color : '',
        valueCut: value ? value.scrollWidth > value.clientWidth + 1 : true,
        band: boxOf(byId(card, 'kpi-band')),
        zones: [...card.querySelectorAll('[data-testid="band-zone"]')].map((zone) => ({
          state: zone.getAttribute('data-state') ?? '',
          box: boxOf(zone)!,
        })),
        marker: boxOf(byId(card, 'band-marker')),
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
 * The zones tile the band in the order of the KPI's steps, their boundaries on one linear scale at the
 * band edges; the marker sits inside the zone of the expected state, where that scale puts the judged
 * value (or pinned at the band's end when the value lies beyond it).
 */
export function assertBand(card: CardView, entry: ExpectedEntry): void {
  const name = describe(entry);
  const { band, zones } = card;
  assert.ok(band, `${name}: no band`);
  assert.deepEqual(
    zones.map((zone) => zone.state),
    entry.bands.map((step) => step.state),
    `${name}: one zone per band step, in order`
  );
  zones.forEach((zone, i) => {
    if (i > 0) {
      const previous = zones[i - 1].box;
      assert.ok(Math.abs(zone.box.x - (previous.x + previous.width)) < 1, `${name}: zones ${i - 1} and ${i} meet`);
    }
  });
  if (entry.judged === null) {
    assert.equal(card.marker, undefined, `${name}: no marker without a value`);
    return;
  }
  assert.ok(card.marker, `${name}: no marker`);
  const x = card.marker.x + card.marker.width / 2;
  // Boundary j (between zones j and j+1) is the band edge bands[j+1].from: two of them fix the scale.
  const edges = entry.bands.slice(1).map((step) => step.from as number);
  const boundaryX = zones.slice(1).map((zone) => zone.box.x);
  if (edges.length > 1) {
    const perUnit = (boundaryX[1] - boundaryX[0]) / (edges[1] - edges[0]);
    edges.forEach((edge, j) => {
      const expected = boundaryX[0] + (edge - edges[0]) * perUnit;
      assert.ok(
        Math.abs(boundaryX[j] - expected) < 1.5,
        `${name}: boundary ${edge} at ${boundaryX[j]}, not ${expected}`
      );
    });
    const linear = boundaryX[0] + (entry.judged - edges[0]) * perUnit;
    const expected = Math.min(band.x + band.width, Math.max(band.x, linear));
    assert.ok(Math.abs(x - expected) < 2, `${name}: marker at x=${x.toFixed(1)}, not ${expected.toFixed(1)}`);
  }
  const home = zones[entry.bands.findIndex((_, i) => inStep(entry, i))];
  assert.ok(home, `${name}: no zone holds the judged value`);
  assert.equal(home.state, entry.state, `${name}: the value's zone is its state's`);
  assert.ok(x >= home.box.x - 0.5 && x <= home.box.x + home.box.width + 0.5, `${name}: marker outside its zone`);
}

/** A state that opens a plan links to that plan's page; an ok one shows no plan link. */
export function assertPlanLink(card: CardView, entry: ExpectedEntry): void {
  if (!entry.plan) {
    assert.equal(card.link, undefined, `${describe(entry)}: ${entry.state ?? 'no data'} links no plan`);
    return;
  }
  assert.equal(card.link?.href, `${PLAN_BASE}${entry.plan}`, `${describe(entry)}: plan link`);
  assert.equal(card.link?.text, findPlan(entry.plan)?.title, `${describe(entry)}: plan title`);
}

function inside(box: Box, frame: Box): boolean {
  return (
    box.x >= frame.x - 0.5 &&
    box.y >= frame.y - 0.5 &&
    box.x + box.width <= frame.x + frame.width + 0.5 &&
    box.y + box.height <= frame.y + frame.height + 0.5
  );
}

/** Every part of the card lies inside `frame`, none is squeezed, and the value is not cut. */
export function assertNotClipped(card: CardView, frame: Box, name: string): void {
  for (const part of ['kpi-title', 'kpi-value', 'kpi-band', 'kpi-sparkline']) {
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
}
