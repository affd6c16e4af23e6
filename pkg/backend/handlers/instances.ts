/**
 * One engine per data source instance, so that every query of a data source shares its block cache:
 * keyed by the data source's uid and the time its settings last changed, so that saving new settings
 * starts a fresh engine and the old one is dropped. Alerting asks with the same settings as a
 * dashboard (only without a user), so it gets the same engine.
 */
import { PmmError } from '../../../src/core/errors';
import { readSecrets, readSettings, shapeProblemText } from '../../../src/core/settings/load';
import type { PmmSettings } from '../../../src/core/settings/types';
import { createEngine as createDefaultEngine, type Engine, type Secrets } from '../../engine';
import type { DataSourceInstanceSettings, PluginContext } from '../wire/backend';
import type { Redactor } from '../wire/redactor';

export interface DataSourceInstance {
  uid: string;
  name: string;
  settings: PmmSettings;
  secrets: Secrets;
  engine: Engine;
}

export type EngineFactory = (settings: PmmSettings, secrets: Secrets) => Engine;

export interface InstanceManager {
  /** The instance of the data source a request names; a PmmError (source "settings") when it cannot be built. */
  get(context: PluginContext): DataSourceInstance;
  /** Every live instance (for metrics). */
  all(): DataSourceInstance[];
}

export interface CreateInstanceManagerParameters {
  redactor: Redactor;
  createEngine?: EngineFactory;
}

const SETTINGS_FIX = "open the data source's settings in Grafana, correct them and save";

/** The data source's jsonData as PmmSettings (src/core/settings/load.ts: Grafana's own keys left out, missing lists empty). */
export function parseSettings(jsonData: Buffer): PmmSettings {
  let raw: unknown = {};
  const text = jsonData.toString('utf8').trim();
  if (text !== '') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PmmError('settings', 'the data source settings are not JSON', { fix: SETTINGS_FIX, cause: error });
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PmmError('settings', 'the data source settings are not a JSON object', { fix: SETTINGS_FIX });
  }
  const read = readSettings(raw);
  if (!read.ok) {
    throw new PmmError('settings', read.problems.map(shapeProblemText).join('; '), { fix: SETTINGS_FIX });
  }
  return read.settings;
}

/** Only the secure fields PMM Monitor knows; empty values count as unset. */
export function parseSecrets(decrypted: Record<string, string>): Secrets {
  return readSecrets(decrypted);
}

function settingsOf(context: PluginContext): DataSourceInstanceSettings {
  const settings = context.dataSourceInstanceSettings;
  if (!settings) {
    throw new PmmError('settings', 'the request names no PMM Monitor data source', {
      fix: 'query through a PMM Monitor data source',
    });
  }
  return settings;
}

export function createInstanceManager({
  redactor,
  createEngine = (settings, secrets) => createDefaultEngine(settings, secrets),
}: CreateInstanceManagerParameters): InstanceManager {
  const instances = new Map<string, { version: number; instance: DataSourceInstance }>();
  return {
    get(context) {
      const settings = settingsOf(context);
      // Register the secrets before anything can fail, so no error about them can show them.
      Object.values(settings.decryptedSecureJsonData).forEach((secret) => redactor.add(secret));
      const id = settings.uid || `id:${settings.id}`;
      const known = instances.get(id);
      if (known && known.version === settings.lastUpdatedMs) {
        return known.instance;
      }
      const pmmSettings = parseSettings(settings.jsonData);
      const secrets = parseSecrets(settings.decryptedSecureJsonData);
      const instance: DataSourceInstance = {
        uid: id,
        name: settings.name,
        settings: pmmSettings,
        secrets,
        engine: createEngine(pmmSettings, secrets),
      };
      instances.set(id, { version: settings.lastUpdatedMs, instance });
      return instance;
    },
    all() {
      return [...instances.values()].map((entry) => entry.instance);
    },
  };
}
