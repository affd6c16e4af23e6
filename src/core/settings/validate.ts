/**
 * Checks settings as the user types them and as the backend loads them: every problem, each with the
 * field it belongs to, so the editor can show it in place and the health check can list it.
 */
import { getAddress, isAddress } from 'viem';

import { KPIS } from '../catalogue/kpis';
import { validateOverrides } from '../catalogue/overrides';
import type { PmmSettings, SettingsProblem } from './types';

export type { SettingsProblem };

/** A checksummed address is accepted as typed; an all-lower or all-upper one too (no checksum to test). */
export function addressProblem(value: string): string | undefined {
  if (!isAddress(value, { strict: false })) {
    return 'not an Ethereum address (0x followed by 40 hex digits)';
  }
  const hex = value.slice(2);
  const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (mixedCase && getAddress(value) !== value) {
    return `checksum mismatch: did you mean ${getAddress(value)}?`;
  }
  return undefined;
}

export function urlProblem(value: string, schemes: readonly string[] = ['http:', 'https:']): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (!schemes.includes(url.protocol)) {
    return `must start with ${schemes.map((s) => `${s}//`).join(' or ')}`;
  }
  return undefined;
}

export function validateSettings(settings: PmmSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem) {
      problems.push({ field, message: problem });
    }
  };
  if (settings.nodes.length === 0) {
    problems.push({ field: 'nodes', message: 'add at least one Ethereum JSON-RPC node' });
  }
  const names = new Set<string>();
  settings.nodes.forEach((node, i) => {
    check(
      `nodes[${i}].name`,
      node.name.trim() === ''
        ? 'a node needs a name'
        : names.has(node.name)
          ? `"${node.name}" is used twice`
          : undefined
    );
    names.add(node.name);
    check(`nodes[${i}].url`, urlProblem(node.url, ['http:', 'https:', 'ws:', 'wss:']));
    if (node.batchSize !== undefined && (!Number.isInteger(node.batchSize) || node.batchSize < 1)) {
      check(`nodes[${i}].batchSize`, 'a positive whole number');
    }
  });
  if (settings.nodes.filter((node) => node.reference).length > 1) {
    problems.push({ field: 'nodes', message: 'mark one node as the reference, not several' });
  }
  settings.wallets.forEach((wallet, i) => check(`wallets[${i}].address`, addressProblem(wallet.address)));
  if (!settings.wallets.some((wallet) => wallet.role === 'maker')) {
    problems.push({ field: 'wallets', message: 'add the maker wallet (the address that signs quotes)' });
  }
  const symbols = new Set<string>();
  settings.assets.forEach((asset, i) => {
    check(`assets[${i}].symbol`, symbols.has(asset.symbol) ? `"${asset.symbol}" is used twice` : undefined);
    symbols.add(asset.symbol);
    check(`assets[${i}].address`, addressProblem(asset.address));
    if (asset.feed !== undefined) {
      check(`assets[${i}].feed`, addressProblem(asset.feed));
    }
    if (asset.heartbeatSec !== undefined && !(Number.isFinite(asset.heartbeatSec) && asset.heartbeatSec > 0)) {
      check(`assets[${i}].heartbeatSec`, 'seconds, above 0 (ETH/USD and BTC/USD on mainnet: 3600)');
    }
    if (asset.feed === undefined && asset.coingeckoId === undefined) {
      problems.push({
        field: `assets[${i}]`,
        message: `${asset.symbol} needs a price: a Chainlink feed or a CoinGecko id`,
      });
    }
  });
  if (settings.venues.aave) {
    check('venues.aave.pool', addressProblem(settings.venues.aave.pool));
  }
  if (settings.venues.limitOrderProtocol !== undefined) {
    check('venues.limitOrderProtocol', addressProblem(settings.venues.limitOrderProtocol));
  }
  settings.venues.comets?.forEach((comet, i) => check(`venues.comets[${i}].market`, addressProblem(comet.market)));
  if (settings.venues.hedge) {
    check('venues.hedge.url', urlProblem(settings.venues.hedge.url));
  }
  for (const [key, value] of Object.entries(settings.endpoints)) {
    if (typeof value === 'string') {
      check(`endpoints.${key}`, urlProblem(value));
    }
  }
  const deviation = settings.maxFeedDeviationPct;
  if (deviation !== undefined && !(Number.isFinite(deviation) && deviation > 0 && deviation < 100)) {
    check('maxFeedDeviationPct', 'a percentage above 0 and below 100, e.g. 2');
  }
  if (settings.explorerUrl) {
    check('explorerUrl', urlProblem(settings.explorerUrl));
  }
  for (const error of validateOverrides(KPIS, settings.bandOverrides ?? {})) {
    problems.push({ field: 'bandOverrides', message: error.message });
  }
  return problems;
}
