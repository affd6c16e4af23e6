import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

import type { CheckContext } from '../fixtures';

async function optionsOf(page: Page, picker: string): Promise<string[]> {
  await page.locator(picker).click();
  const options = page.getByRole('option');
  await options.first().waitFor();
  const labels = (await options.allTextContents()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  return labels;
}

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  const { settings, catalogue } = ctx.fixtures;

  // The asset picker lists the demo world's assets, after "all" and the dashboard's variables.
  const assets = await optionsOf(page, '#pmm-asset');
  for (const asset of settings.assets) {
    assert.ok(
      assets.some((label) => label.startsWith(asset.symbol)),
      `asset picker lists ${asset.symbol}: ${assets.join(' | ')}`
    );
  }
  assert.ok(assets[0].startsWith('All assets'));
  assert.ok(
    assets.some((label) => label.startsWith('$asset')),
    'the $asset variable is offered'
  );

  await ctx.screenshot('editors-query');

  // Picking the liquidation buffer swaps the asset picker for venue and wallet pickers.
  const buffer = catalogue.kpis.find((kpi) => kpi.id === 'liquidation_buffer');
  assert.ok(buffer);
  await page.locator('#pmm-kpi').click();
  await page.locator('#pmm-kpi').fill(buffer.name);
  await page.getByRole('option', { name: buffer.name }).first().click();
  await page.locator('#pmm-venue').waitFor();
  assert.equal(await page.locator('#pmm-asset').count(), 0, 'the buffer is not per asset');

  const venues = await optionsOf(page, '#pmm-venue');
  assert.ok(
    venues.some((label) => label.startsWith('aave')),
    `venue picker lists Aave: ${venues.join(' | ')}`
  );
  for (const comet of settings.venues.comets ?? []) {
    assert.ok(
      venues.some((label) => label.startsWith(comet.name)),
      `venue picker lists ${comet.name}`
    );
  }

  // Venue then wallet make one lending position's key, as the backend's breakdown names it.
  await page.locator('#pmm-venue').click();
  await page.getByRole('option', { name: /^aave/ }).first().click();
  await page.locator('#pmm-wallet').click();
  await page
    .getByRole('option', { name: /^\$wallet/ })
    .first()
    .click();
  // The editor re-renders the query after the click; read it once the wallet has reached it.
  await page.getByTestId('query-json').filter({ hasText: '$wallet' }).waitFor();
  const query = JSON.parse((await page.getByTestId('query-json').textContent()) ?? '{}') as Record<string, unknown>;
  assert.equal(query.kpi, 'liquidation_buffer');
  assert.equal(query.venue, 'aave:$wallet');

  // The annotation editor offers every kind of event.
  await page.locator('#pmm-event-kinds').click();
  const kinds = page.getByRole('option');
  await kinds.first().waitFor();
  const labels = (await kinds.allTextContents()).map((text) => text.trim());
  for (const kind of [
    'Failed settlements',
    'Liquidation-buffer breaches',
    'Flash loans',
    'Rebalances',
    'Large fills',
  ]) {
    assert.ok(
      labels.some((label) => label.includes(kind)),
      `annotation kinds offer ${kind}: ${labels.join(' | ')}`
    );
  }
  await page.keyboard.press('Escape');
  // Every kind is picked by default: the first shows as a pill, the rest behind it.
  assert.ok((await page.getByText('Failed settlements', { exact: true }).count()) > 0, 'picked kinds show as pills');
  await ctx.screenshot('editors-query-venue');
}
