/**
 * A template variable's values: one of the backend's lists (KPIs, assets, wallets, venues) as
 * text / value pairs, which Grafana turns into the variable's options.
 */
import type { MetricFindValue } from '@grafana/data';

import type { AssetsAnswer, KpisAnswer, ResourceClient, VenuesAnswer, WalletsAnswer } from '../resources/types';
import type { PmmVariableQuery } from '../types';

/** Wallets are named as breakdowns name them (name, else role), so `$wallet` fits a venue key. */
export async function variableValues(resources: ResourceClient, query: PmmVariableQuery): Promise<MetricFindValue[]> {
  switch (query.list) {
    case 'kpis': {
      const { kpis } = await resources.get<KpisAnswer>('kpis', query.area ? { area: query.area } : undefined);
      return kpis.map((kpi) => ({ text: kpi.name, value: kpi.id }));
    }
    case 'assets': {
      const { assets } = await resources.get<AssetsAnswer>('assets');
      return assets.map((asset) => ({ text: asset.symbol, value: asset.symbol }));
    }
    case 'wallets': {
      const { wallets } = await resources.get<WalletsAnswer>('wallets');
      return wallets.map((wallet) => ({ text: wallet.name ?? wallet.role, value: wallet.name ?? wallet.role }));
    }
    case 'venues': {
      const { venues } = await resources.get<VenuesAnswer>('venues');
      return venues.map((venue) => ({ text: venue.name, value: venue.name }));
    }
  }
}
