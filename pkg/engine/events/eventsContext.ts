/**
 * A gathering context for the annotation query, built from the same settings, secrets and JSON-RPC
 * client as the data source's engine (so its nodes, batching and in-flight limits are shared), with
 * the token decimals read from chain as the engine reads them.
 */
import type { Address } from 'viem';

import type { PmmSettings } from '../../../src/core/settings/types';
import { createBlockCache } from '../cache/blockCache';
import { DEFAULT_GATHER_OPTIONS, type GatherContext } from '../gather/context';
import { createKnownSince } from '../gather/deployedFrom';
import { resolveAssets, resolveWallets, type Secrets } from '../gather/sourcesConfig';
import { getTokenInfo } from '../sources/chain';
import type { FetchJsonDependencies } from '../sources/http';
import type { RpcClient } from '../sources/rpc/rpcClient';
import { createBlockPoints } from '../time/blockPoints';

export interface EventsSource {
  settings: PmmSettings;
  secrets: Secrets;
  client: RpcClient;
  http?: FetchJsonDependencies;
}

export async function eventsContext({ settings, secrets, client, http = {} }: EventsSource): Promise<GatherContext> {
  const entries = await getTokenInfo(client, { tokens: settings.assets.map((a) => a.address as Address) });
  const decimals = new Map<Address, number>();
  for (const entry of entries) {
    if (entry.status === 'failure') {
      throw entry.error;
    }
    decimals.set(entry.token, entry.decimals);
  }
  return {
    settings,
    secrets,
    client,
    assets: resolveAssets(settings, decimals),
    wallets: resolveWallets(settings),
    cache: createBlockCache(),
    blockPoints: createBlockPoints(),
    http,
    options: DEFAULT_GATHER_OPTIONS,
    deployments: createKnownSince(),
  };
}
