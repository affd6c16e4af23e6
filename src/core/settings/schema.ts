/**
 * The shape of a data source's jsonData, the one description the backend, the CLI's `--config`, the
 * provisioning and the config editor read settings with (load.ts). Grafana stores whatever the editor
 * (or a provisioning file, or the HTTP API) wrote, and validateSettings assumes these types: a node
 * that is `null` or a name that is a number would otherwise surface as "Cannot read properties of
 * null" instead of naming the field to correct.
 */
import type { BandOverrides } from '../catalogue/types';
import {
  boolean,
  list,
  number,
  object,
  opaqueObject,
  orEmpty,
  required,
  string,
  type Same,
  type TypeOf,
} from './shape';
import { WALLET_ROLES, type PmmSettings } from './types';

const text = string;

export const SETTINGS_SCHEMA = object({
  chainId: number(),
  nodes: orEmpty(
    list(object({ name: required(text()), url: required(text()), reference: boolean(), batchSize: number() }))
  ),
  wallets: orEmpty(list(object({ address: required(text()), role: required(string(WALLET_ROLES)), name: text() }))),
  assets: orEmpty(
    list(
      object({
        symbol: required(text()),
        address: required(text()),
        feed: text(),
        heartbeatSec: number(),
        coingeckoId: text(),
        neutralUnits: number(),
        targetUsd: number(),
        stable: boolean(),
      })
    )
  ),
  venues: orEmpty(
    object({
      aave: object({ pool: required(text()), dataProvider: text() }),
      limitOrderProtocol: text(),
      comets: list(object({ name: required(text()), market: required(text()) })),
      hedge: object({ name: required(text()), url: required(text()), depositAddress: text() }),
    })
  ),
  endpoints: orEmpty(
    object({ quoteLogUrl: text(), rfqProbeUrl: text(), coingeckoUrl: text(), duneUrl: text(), duneQueryId: number() })
  ),
  explorerUrl: text(),
  // Its entries are checked by validateOverrides, which names the KPI.
  bandOverrides: opaqueObject<BandOverrides>(),
  maxFeedDeviationPct: number(),
});

/**
 * Fails to compile when the schema and PmmSettings (types.ts, where each field is documented) stop
 * describing the same type, in either direction.
 */
const SCHEMA_READS_AS_SETTINGS: Same<TypeOf<typeof SETTINGS_SCHEMA>, PmmSettings> = true;
void SCHEMA_READS_AS_SETTINGS;
