/**
 * The data source settings (and their secrets, which only the backend holds) turned into what the
 * sources need: node URLs with their keys, the assets by symbol, the wallets by role. Validation of
 * the shape is src/core/settings/validate.ts's job; this only resolves.
 */
import { getAddress, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { NodeSettings, PmmSettings, SecureSettingName } from '../../../src/core/settings/types';
import type { AssetMeta } from '../model';
import type { RpcNodeConfig } from '../sources/rpc/rpcClient';

export type Secrets = Partial<Record<SecureSettingName, string>>;

/**
 * A node's full URL: its key replaces `{key}` in the URL, or is appended as the last path segment
 * (Alchemy's and Infura's form, `…/v2/<key>`).
 */
export function nodeUrl(node: NodeSettings, secrets: Secrets): string {
  const key = secrets[`nodeKey:${node.name}`];
  if (!key) {
    return node.url;
  }
  if (node.url.includes('{key}')) {
    return node.url.replace('{key}', encodeURIComponent(key));
  }
  return `${node.url.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
}

export function rpcNodes(settings: PmmSettings, secrets: Secrets): RpcNodeConfig[] {
  // The reference node first: it is the one the others' sync is judged against, and the one trusted.
  const ordered = [...settings.nodes].sort((a, b) => Number(Boolean(b.reference)) - Number(Boolean(a.reference)));
  return ordered.map((node) => ({ name: node.name, url: nodeUrl(node, secrets), batchSize: node.batchSize }));
}

export interface ResolvedAsset extends AssetMeta {
  address: Address;
  /** Read from the token once per engine (see assetDecimals.ts). */
  decimals: number;
  feed?: Address;
  /** Its feed's heartbeat in seconds; unset: DEFAULT_FEED_HEARTBEAT_SEC (prices.ts applies it). */
  heartbeatSec?: number;
  coingeckoId?: string;
}

export function resolveAssets(settings: PmmSettings, decimals: ReadonlyMap<Address, number>): ResolvedAsset[] {
  return settings.assets.map((asset) => ({
    decimals: decimals.get(getAddress(asset.address)) ?? 18,
    symbol: asset.symbol,
    stable: Boolean(asset.stable),
    neutralUnits: asset.neutralUnits,
    targetUsd: asset.targetUsd,
    address: getAddress(asset.address),
    feed: asset.feed ? getAddress(asset.feed) : undefined,
    heartbeatSec: asset.heartbeatSec,
    coingeckoId: asset.coingeckoId,
  }));
}

export interface ResolvedWallets {
  /** The wallets whose holdings are inventory (every role but the flash-loan receiver contract). */
  holders: Address[];
  /** Names by address, for breakdowns. */
  names: Map<Address, string>;
  flashLoanReceivers: Address[];
}

export function resolveWallets(settings: PmmSettings): ResolvedWallets {
  const names = new Map<Address, string>();
  const holders: Address[] = [];
  const flashLoanReceivers: Address[] = [];
  for (const wallet of settings.wallets) {
    const address = getAddress(wallet.address);
    names.set(address, wallet.name ?? wallet.role);
    (wallet.role === 'flashloan-receiver' ? flashLoanReceivers : holders).push(address);
  }
  if (holders.length === 0) {
    throw new PmmError('settings', 'no wallet of the market maker is configured', {
      fix: 'add its maker (and treasury, settlement) wallets to the data source',
    });
  }
  return { holders, names, flashLoanReceivers };
}

/** Gas is paid in ETH: the asset priced as ETH is WETH (or an asset named ETH). */
export function gasPriceAsset(assets: readonly ResolvedAsset[]): ResolvedAsset | undefined {
  return assets.find((a) => a.symbol === 'ETH') ?? assets.find((a) => a.symbol === 'WETH');
}
