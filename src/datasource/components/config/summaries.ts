/**
 * One line per section saying what it holds, shown under the section's title whether it is open or
 * collapsed, so a saved data source reads at a glance without opening anything.
 */
import type { BandOverrides } from '../../../core/catalogue/types';
import type {
  AssetSettings,
  NodeSettings,
  VenueSettings,
  WalletRole,
  WalletSettings,
} from '../../../core/settings/types';
import type { PmmDataSourceOptions } from '../../types';

export const ROLE_NAMES: Record<WalletRole, string> = {
  maker: 'maker',
  settlement: 'settlement',
  treasury: 'treasury',
  'flashloan-receiver': 'flash-loan receiver',
};

function counted(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `0x5fbdb2315678afecb367f032d93f642f64180aa3` as `0x5fbd…0aa3`; anything shorter as typed. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export function nodesSummary(nodes: readonly NodeSettings[] = []): string {
  if (nodes.length === 0) {
    return 'None yet: add the Ethereum JSON-RPC node the KPIs are read from.';
  }
  const names = nodes.map((node) => `${node.name || 'unnamed'}${node.reference ? ' (reference)' : ''}`);
  return `${counted(nodes.length, 'node')}: ${names.join(', ')}`;
}

export function walletsSummary(wallets: readonly WalletSettings[] = []): string {
  if (wallets.length === 0) {
    return 'None yet: add the maker wallet, the address that signs quotes.';
  }
  const names = wallets.map((wallet) => wallet.name || ROLE_NAMES[wallet.role] || shortAddress(wallet.address));
  return `${counted(wallets.length, 'wallet')}: ${names.join(', ')}`;
}

export function assetsSummary(assets: readonly AssetSettings[] = []): string {
  if (assets.length === 0) {
    return 'None yet: add the tokens the desk holds and quotes.';
  }
  return `${counted(assets.length, 'asset')}: ${assets.map((asset) => asset.symbol || 'unnamed').join(', ')}`;
}

/** One asset's subsection line: its token and how it is priced. */
export function assetSummary(asset: AssetSettings): string {
  const prices = [
    asset.feed ? `Chainlink feed ${shortAddress(asset.feed)}` : undefined,
    asset.coingeckoId ? `CoinGecko ${asset.coingeckoId}` : undefined,
  ].filter((part) => part !== undefined);
  const parts = [
    asset.address ? `token ${shortAddress(asset.address)}` : 'no token address yet',
    prices.length > 0 ? `priced by ${prices.join(' and ')}` : 'no price source yet',
    asset.stable ? 'stablecoin' : undefined,
  ].filter((part) => part !== undefined);
  return parts.join(' · ');
}

export function venuesSummary(venues: VenueSettings = {}): string {
  const comets = venues.comets ?? [];
  const parts = [
    venues.aave ? 'Aave V3' : undefined,
    venues.limitOrderProtocol ? '1inch Limit Order Protocol' : undefined,
    comets.length > 0 ? counted(comets.length, 'Compound III market') : undefined,
    venues.hedge ? `hedge venue ${venues.hedge.name || 'unnamed'}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'None yet: a venue left empty is not read.';
}

export function endpointsSummary(json: PmmDataSourceOptions): string {
  const endpoints = json.endpoints ?? {};
  const parts = [
    endpoints.quoteLogUrl ? 'quote log' : undefined,
    endpoints.rfqProbeUrl ? 'RFQ probe' : undefined,
    endpoints.coingeckoUrl ? 'CoinGecko' : undefined,
    endpoints.duneUrl ? 'Dune' : undefined,
    json.explorerUrl ? 'explorer' : undefined,
    json.chainId !== undefined ? `chain id ${json.chainId}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'None yet: the quote log feeds the uptime and quote KPIs.';
}

export function targetsSummary(overrides: BandOverrides = {}): string {
  const keys = Object.keys(overrides);
  return keys.length === 0
    ? "The catalogue's bands for every KPI."
    : `${counted(keys.length, 'band override')}: ${keys.join(', ')}`;
}
