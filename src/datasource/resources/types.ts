/**
 * The backend resources the editors read (pkg/backend/handlers/callResource.ts), as the frontend sees
 * them. One small interface so the editors can be fed by the data source, by Grafana's backend_srv in
 * the config page, or by fixtures in tests and browser scenes.
 */
import type { ActionPlan, KpiDefinition } from '../../core/catalogue';
import type { AssetSettings, WalletSettings } from '../../core/settings/types';

export interface ResourceClient {
  get<T>(path: string, params?: Record<string, string>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export interface CatalogueAnswer {
  kpis: KpiDefinition[];
  plans: ActionPlan[];
}
export interface KpisAnswer {
  kpis: KpiDefinition[];
}
export interface AssetsAnswer {
  assets: AssetSettings[];
}
export interface WalletsAnswer {
  wallets: WalletSettings[];
}
export interface VenueEntry {
  kind: string;
  name: string;
  address?: string;
}
export interface VenuesAnswer {
  venues: VenueEntry[];
}
export interface NodeEntry {
  name: string;
  reference: boolean;
}
export interface NodesAnswer {
  nodes: NodeEntry[];
}
/** POST token {address}: what the chain says the token is. */
export interface TokenAnswer {
  valid: boolean;
  address?: string;
  symbol?: string;
  decimals?: number;
  error?: string;
}

/** The message a failed resource call carries: Grafana's FetchError keeps the body in `data`. */
export function resourceErrorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { data?: unknown }).data;
    if (typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string') {
      return (data as { error: string }).error;
    }
    if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
      return (data as { message: string }).message;
    }
    if (error instanceof Error) {
      return error.message;
    }
  }
  return String(error);
}
