/**
 * A PMM Monitor data source's settings, as Grafana stores them: plain options in jsonData (this
 * shape), secrets in secureJsonData (only their names here). The config editor writes them, the
 * backend and `pmm-monitor kpis --config` read them through one loader (load.ts), whose schema
 * (schema.ts) is checked at compile time to read as exactly these types.
 */
import type { BandOverrides } from '../catalogue/types';

export const WALLET_ROLES = ['maker', 'settlement', 'treasury', 'flashloan-receiver'] as const;
export type WalletRole = (typeof WALLET_ROLES)[number];

export interface NodeSettings {
  name: string;
  /** JSON-RPC URL without its key; a key that lives in the URL goes in secureJsonData `nodeKey:<name>`. */
  url: string;
  /** The node whose head the others' sync is measured against. */
  reference?: boolean;
  /** Largest JSON-RPC batch the provider accepts (Alchemy 1,000 over HTTP, Moralis 20). */
  batchSize?: number;
}

export interface WalletSettings {
  address: string;
  role: WalletRole;
  name?: string;
}

export interface AssetSettings {
  symbol: string;
  /** ERC-20 token address; decimals and symbol are read from chain. */
  address: string;
  /** Chainlink-compatible USD feed. */
  feed?: string;
  /**
   * The feed's heartbeat in seconds (default DEFAULT_FEED_HEARTBEAT_SEC): an answer older than this at
   * a block (block time − updatedAt > heartbeat) is stale. Each feed has its own: on Ethereum mainnet
   * ETH/USD and BTC/USD 3,600 s, USDC/USD and USDT/USD 86,400 s (data.chain.link).
   */
  heartbeatSec?: number;
  /** Prices the asset where it has no feed, and stands in for a stale or failing feed. */
  coingeckoId?: string;
  /** Neutral holding in the asset's units (net delta is measured against it). */
  neutralUnits?: number;
  /** Target inventory value in USD (inventory level is measured against it). */
  targetUsd?: number;
  stable?: boolean;
}

export interface VenueSettings {
  aave?: { pool: string; dataProvider?: string };
  /** 1inch Limit Order Protocol v4 (inside Router v6 on Ethereum); fills are its OrderFilled events. */
  limitOrderProtocol?: string;
  comets?: Array<{ name: string; market: string }>;
  /**
   * The hedge venue's account; `depositAddress` is where the wallets fund it, so a transfer there moves
   * capital inside the portfolio (framework revision 2: not an external flow).
   */
  hedge?: { name: string; url: string; depositAddress?: string };
}

export interface EndpointSettings {
  quoteLogUrl?: string;
  rfqProbeUrl?: string;
  coingeckoUrl?: string;
  duneUrl?: string;
  duneQueryId?: number;
}

export interface PmmSettings {
  chainId?: number;
  nodes: NodeSettings[];
  wallets: WalletSettings[];
  assets: AssetSettings[];
  venues: VenueSettings;
  endpoints: EndpointSettings;
  explorerUrl?: string;
  bandOverrides?: BandOverrides;
  /**
   * A feed answer off CoinGecko's price at the same time by more than this many percent is flagged on
   * the KPIs it values (its value is kept); default DEFAULT_MAX_FEED_DEVIATION_PCT. Checked only where
   * CoinGecko is configured for the asset.
   */
  maxFeedDeviationPct?: number;
}

/** One hour: the heartbeat of Chainlink's ETH/USD and BTC/USD feeds on Ethereum mainnet. */
export const DEFAULT_FEED_HEARTBEAT_SEC = 3_600;
export const DEFAULT_MAX_FEED_DEVIATION_PCT = 2;

/** Names of the secure fields; their values never leave the backend. */
export type SecureSettingName = `nodeKey:${string}` | 'coingeckoKey' | 'duneKey' | 'hedgeKey';

/** One thing wrong with the settings, on the field it belongs to, so an editor can show it in place. */
export interface SettingsProblem {
  /** A path such as `assets[1].feed`; '' for the settings as a whole. */
  field: string;
  message: string;
}
