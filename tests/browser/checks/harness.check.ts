import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import type { CheckContext } from '../fixtures';

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  assert.equal(await page.getByTestId('theme').textContent(), ctx.theme);
  assert.equal(Number(await page.getByTestId('frames').textContent()), ctx.fixtures.range.frames.length);
  assert.equal(Number(await page.getByTestId('kpis').textContent()), ctx.fixtures.catalogue.kpis.length);
  // Grafana's page background: white-ish in light, near-black in dark (GlobalStyles applied the theme).
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
  const luminance = (r + g + b) / 3;
  assert.ok(ctx.theme === 'light' ? luminance > 200 : luminance < 60, `body background ${background} in ${ctx.theme}`);
  assert.equal(await ctx.themeColour('#ff0000'), 'rgb(255, 0, 0)');
}
