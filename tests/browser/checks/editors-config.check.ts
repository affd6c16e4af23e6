import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';
import { getAddress } from 'viem';

import type { CheckContext } from '../fixtures';

/** An address with one hex letter's case flipped: still an address, no longer its checksum. */
function checksumTypo(address: string): string {
  const checksummed = getAddress(address);
  const at = [...checksummed].findIndex((c, i) => i > 1 && /[a-fA-F]/.test(c));
  const flipped =
    checksummed[at] === checksummed[at].toUpperCase() ? checksummed[at].toLowerCase() : checksummed[at].toUpperCase();
  return checksummed.slice(0, at) + flipped + checksummed.slice(at + 1);
}

export async function check(page: Page, ctx: CheckContext): Promise<void> {
  const { settings } = ctx.fixtures;

  // Stored secrets are shown as configured, never as a value.
  for (const label of ['Node 1 key', 'CoinGecko key', 'Hedge venue key']) {
    const input = page.getByLabel(label, { exact: true });
    assert.equal(await input.inputValue(), 'configured', `${label} shows "configured"`);
    assert.equal(await input.isDisabled(), true, `${label} cannot be read or typed over until reset`);
  }
  assert.equal(await page.getByLabel('Dune key', { exact: true }).inputValue(), '', 'an unset key is empty');

  // Each demo asset's decimals and symbol, as the token resource answers them.
  const first = settings.assets[0];
  await page.getByTestId('asset-0-chain').filter({ hasText: 'On chain' }).waitFor();
  assert.match(
    (await page.getByTestId('asset-0-chain').textContent()) ?? '',
    new RegExp(`On chain: ${first.symbol}, \\d+ decimals`)
  );

  // The shipped settings are clean: no validation message before the user types.
  assert.equal(await page.getByText('checksum mismatch').count(), 0);

  await ctx.screenshot('editors-config');

  // A checksum typo in the maker's address names the right address.
  const maker = settings.wallets.find((w) => w.role === 'maker');
  assert.ok(maker, 'the demo world has a maker wallet');
  const typo = checksumTypo(maker.address);
  await page.getByLabel('Wallet 1 address').fill(typo);
  await page.getByText(`checksum mismatch: did you mean ${getAddress(maker.address)}?`).waitFor();

  // A scheme typo in the quote log URL says what a URL must start with.
  await page.getByLabel('Quote log URL').fill('htp://127.0.0.1:8546/quote-log/rfqs');
  await page.getByText('must start with http:// or https://').waitFor();

  // A URL that is not one at all.
  await page.getByLabel('Explorer URL').fill('etherscan io');
  await page.getByText('not a URL').waitFor();

  await ctx.screenshot('editors-config-invalid');
}
