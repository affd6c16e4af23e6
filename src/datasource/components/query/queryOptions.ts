/**
 * What the query editor offers, worked out from the catalogue and the backend's lists: which pickers
 * a KPI needs, their options (with the dashboard's variables), and the venue / wallet pair that one
 * lending position's key is made of ("aave:maker").
 */
import type { ComboboxOption } from '@grafana/ui';

import { AREAS, type Area, type KpiDefinition } from '../../../core/catalogue';
import type { WalletSettings } from '../../../core/settings/types';
import type { NodeEntry, VenueEntry } from '../../resources/types';

export const ALL = '';

export interface Pickers {
  asset: boolean;
  /** Venue KPIs pick a venue (then a wallet), node KPIs a node. */
  entry?: 'venue' | 'node';
  /** Instant queries of a KPI judged on its trend can ask for the judged slope. */
  statistic: boolean;
}

/** The pickers a query needs: all of them for "all KPIs", else what the KPI breaks down by. */
export function pickersFor(kpi: KpiDefinition | undefined, mode: 'instant' | 'range'): Pickers {
  if (!kpi) {
    return { asset: true, statistic: false };
  }
  const entry = kpi.breakdown === 'venue' || kpi.breakdown === 'node' ? kpi.breakdown : undefined;
  return { asset: kpi.perAsset, entry, statistic: mode === 'instant' && kpi.judgedOn === 'trend' };
}

export function areaOptions(): Array<ComboboxOption<string>> {
  return [{ label: 'All areas', value: ALL }, ...AREAS.map((area) => ({ label: area, value: area }))];
}

export function kpiOptions(kpis: readonly KpiDefinition[], area: Area | undefined): Array<ComboboxOption<string>> {
  return [
    { label: area ? `All ${area} KPIs` : 'All KPIs', value: ALL, description: 'An empty query asks for every KPI' },
    ...kpis
      .filter((kpi) => !area || kpi.area === area)
      .map((kpi) => ({ label: kpi.name, value: kpi.id, description: `${kpi.area} · target ${kpi.target}` })),
  ];
}

/** The dashboard's variables first, so `$asset` is one click away. */
export function withVariables(
  options: Array<ComboboxOption<string>>,
  variables: readonly string[]
): Array<ComboboxOption<string>> {
  const [first, ...rest] = options;
  return [first, ...variables.map((name) => ({ label: name, value: name, description: 'template variable' })), ...rest];
}

/** The name a wallet has in breakdown keys (the engine's: its name, else its role). */
export function walletName(wallet: WalletSettings): string {
  return wallet.name ?? wallet.role;
}

export function entryOptions(
  entry: 'venue' | 'node',
  venues: readonly VenueEntry[],
  nodes: readonly NodeEntry[]
): Array<ComboboxOption<string>> {
  const all = { label: entry === 'venue' ? 'All venues' : 'All nodes', value: ALL };
  if (entry === 'node') {
    return [
      all,
      ...nodes.map((node) => ({
        label: node.name,
        value: node.name,
        description: node.reference ? 'reference' : undefined,
      })),
    ];
  }
  // Only lending venues hold positions (the liquidation buffer's entries).
  const lending = venues.filter((venue) => venue.kind === 'aave-v3' || venue.kind === 'compound-v3');
  return [all, ...lending.map((venue) => ({ label: venue.name, value: venue.name, description: venue.kind }))];
}

/** "aave:maker" → venue "aave", wallet "maker"; "aave" → venue only. */
export function splitVenue(venue: string | undefined): { venue?: string; wallet?: string } {
  if (!venue) {
    return {};
  }
  const at = venue.indexOf(':');
  return at < 0 ? { venue } : { venue: venue.slice(0, at), wallet: venue.slice(at + 1) || undefined };
}

export function joinVenue(venue: string | undefined, wallet: string | undefined): string | undefined {
  if (!venue) {
    return undefined;
  }
  return wallet ? `${venue}:${wallet}` : venue;
}
