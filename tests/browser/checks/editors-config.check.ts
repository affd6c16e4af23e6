import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';
import { getAddress } from 'viem';

import type { PmmSettings } from '../../../src/core/settings/types';
import type { CheckContext } from '../fixtures';

/** The sections' titles, in the order the editor shows them. */
const SECTIONS = ['Ethereum nodes', 'Wallets', 'Assets', 'Venues', 'Endpoints', 'Targets', 'Alert rules'] as const;
type Section = (typeof SECTIONS)[number];

/** The data-testid of each section's wrapper, for reading its line under the title. */
const TEST_IDS: Record<Section, string> = {
  'Ethereum nodes': 'section-nodes',
  Wallets: 'section-wallets',
  Assets: 'section-assets',
  Venues: 'section-venues',
  Endpoints: 'section-endpoints',
  Targets: 'section-targets',
  'Alert rules': 'section-alertRules',
};

/** An address with one hex letter's case flipped: still an address, no longer its checksum. */
function checksumTypo(address: string): string {
  const checksummed = getAddress(address);
  const at = [...checksummed].findIndex((c, i) => i > 1 && /[a-fA-F]/.test(c));
  const flipped =
    checksummed[at] === checksummed[at].toUpperCase() ? checksummed[at].toLowerCase() : checksummed[at].toUpperCase();
  return checksummed.slice(0, at) + flipped + checksummed.slice(at + 1);
}

const toggle = (page: Page, action: 'Expand' | 'Collapse', title: string) =>
  page.getByRole('button', { name: `${action} section ${title}`, exact: true });

/** Whether a (sub)section is open, read from its own toggle, which names what a click would do. */
async function isOpen(page: Page, title: string): Promise<boolean> {
  const [collapse, expand] = await Promise.all([
    toggle(page, 'Collapse', title).count(),
    toggle(page, 'Expand', title).count(),
  ]);
  assert.equal(collapse + expand, 1, `one toggle for "${title}"`);
  return collapse === 1;
}

async function openSections(page: Page): Promise<Section[]> {
  const open: Section[] = [];
  for (const section of SECTIONS) {
    if (await isOpen(page, section)) {
      open.push(section);
    }
  }
  return open;
}

async function expand(page: Page, title: string): Promise<void> {
  await toggle(page, 'Expand', title).click();
  await toggle(page, 'Collapse', title).waitFor();
}

async function collapse(page: Page, title: string): Promise<void> {
  await toggle(page, 'Collapse', title).click();
  await toggle(page, 'Expand', title).waitFor();
}

/** The pointer off the page's buttons, so no hover state is in a screenshot. */
const restPointer = (page: Page) => page.mouse.move(1270, 890);

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  const { settings } = ctx.fixtures;
  const first = settings.assets[0];

  // Grafana's description, linking the set-up guide: the app's catalog page in the same Grafana.
  const docs = page.getByRole('link', { name: 'view the documentation' });
  assert.equal(await docs.getAttribute('href'), '/plugins/halo-pmm-app');

  // A saved, valid data source opens as its sections' titles, every one collapsed, each saying what it holds.
  for (const section of SECTIONS) {
    assert.equal(await page.getByRole('heading', { name: section, exact: true, level: 3 }).count(), 1, section);
  }
  assert.deepEqual(await openSections(page), [], 'every section collapsed');
  assert.equal(await page.getByLabel('Node 1 key', { exact: true }).count(), 0, 'a collapsed section hides its fields');
  const assetsLine = (await page.getByTestId(TEST_IDS.Assets).textContent()) ?? '';
  for (const asset of settings.assets) {
    assert.ok(assetsLine.includes(asset.symbol), `the assets line names ${asset.symbol}: "${assetsLine}"`);
  }
  assert.match(assetsLine, new RegExp(`^Assets${settings.assets.length} assets: `));
  // The shipped settings are clean: no section counts a problem.
  assert.equal(await page.getByText(/\d+ problems?$/).count(), 0);
  await restPointer(page);
  await ctx.screenshot('editors-config');

  // Stored secrets are shown as configured, never as a value.
  for (const section of ['Ethereum nodes', 'Endpoints', 'Venues']) {
    await expand(page, section);
  }
  for (const label of ['Node 1 key', 'CoinGecko key', 'Hedge venue key']) {
    const input = page.getByLabel(label, { exact: true });
    assert.equal(await input.inputValue(), 'configured', `${label} shows "configured"`);
    assert.equal(await input.isDisabled(), true, `${label} cannot be read or typed over until reset`);
  }
  assert.equal(await page.getByLabel('Dune key', { exact: true }).inputValue(), '', 'an unset key is empty');
  await collapse(page, 'Venues');
  assert.equal(await page.getByLabel('Hedge venue key', { exact: true }).count(), 0, 'collapsing hides the fields');

  // Each asset is its own group, collapsed until opened; open, it shows decimals and symbol as the token
  // resource answers them.
  await expand(page, 'Assets');
  for (const asset of settings.assets) {
    assert.equal(await isOpen(page, asset.symbol), false, `${asset.symbol} starts collapsed`);
  }
  await expand(page, first.symbol);
  await page.getByTestId('asset-0-chain').filter({ hasText: 'On chain' }).waitFor();
  assert.match(
    (await page.getByTestId('asset-0-chain').textContent()) ?? '',
    new RegExp(`On chain: ${first.symbol}, \\d+ decimals`)
  );
  assert.equal(await page.getByLabel('Asset 2 feed address').count(), 0, 'the other assets stay collapsed');
  await collapse(page, 'Endpoints');
  await restPointer(page);
  await ctx.screenshot('editors-config-open');

  // A checksum typo in the maker's address names the right address.
  const maker = settings.wallets.find((w) => w.role === 'maker');
  assert.ok(maker, 'the demo world has a maker wallet');
  await expand(page, 'Wallets');
  await page.getByLabel('Wallet 1 address').fill(checksumTypo(maker.address));
  await page.getByText(`checksum mismatch: did you mean ${getAddress(maker.address)}?`).waitFor();

  // A scheme typo in the quote log URL says what a URL must start with; a URL that is not one at all.
  await expand(page, 'Endpoints');
  await page.getByLabel('Quote log URL').fill('htp://127.0.0.1:8546/quote-log/rfqs');
  await page.getByText('must start with http:// or https://').waitFor();
  await page.getByLabel('Explorer URL').fill('etherscan io');
  await page.getByText('not a URL').waitFor();

  // Collapsed, a section still counts the problems it holds.
  await collapse(page, 'Endpoints');
  await collapse(page, 'Wallets');
  assert.match((await page.getByTestId(TEST_IDS.Endpoints).textContent()) ?? '', / · 2 problems$/);
  assert.match((await page.getByTestId(TEST_IDS.Wallets).textContent()) ?? '', / · 1 problem$/);

  // Saved settings with problems: the editor opens the sections (and the asset) that hold them, and only those.
  const priceless = settings.assets[1];
  const invalid: PmmSettings & { explorerUrl: string } = {
    ...settings,
    explorerUrl: 'https://etherscan.io',
    wallets: settings.wallets.map((w) => (w === maker ? { ...w, address: checksumTypo(w.address) } : w)),
    assets: settings.assets.map((a) => (a === priceless ? { ...a, feed: undefined, coingeckoId: undefined } : a)),
  };
  const url = new URL(page.url());
  url.searchParams.set('settings', JSON.stringify(invalid));
  await page.goto(url.toString());
  await page.waitForFunction(() => window.__SCENE_READY__ === true);
  assert.deepEqual(await openSections(page), ['Wallets', 'Assets']);
  await page.getByText(`checksum mismatch: did you mean ${getAddress(maker.address)}?`).waitFor();
  await page.getByText(`${priceless.symbol} needs a price`).waitFor();
  for (const asset of settings.assets) {
    assert.equal(await isOpen(page, asset.symbol), asset === priceless, `only ${priceless.symbol} opens`);
  }
  await page.getByTestId('asset-1-chain').filter({ hasText: 'On chain' }).waitFor();
  await restPointer(page);
  await ctx.screenshot('editors-config-invalid');
}
