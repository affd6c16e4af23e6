/**
 * `--config FILE`: data source settings as JSON, bare or as {"jsonData": …, "secureJsonData": …}, read
 * with the loader the backend reads jsonData with (src/core/settings/load.ts), so a file the CLI
 * takes is one a data source would take, and the engine then judges both alike.
 */
import { readFile } from 'node:fs/promises';

import { readSecrets, readSettings, shapeProblemText } from '../../../src/core/settings/load';
import type { PmmSettings } from '../../../src/core/settings/types';
import type { Secrets } from '../../engine';

export interface Config {
  settings: PmmSettings;
  secrets: Secrets;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a plain Error naming the file and every wrong field: the CLI shows it as a usage error. */
export function configOf(json: unknown, file: string): Config {
  if (!isObject(json)) {
    throw new Error(`${file}: expected a JSON object`);
  }
  const read = readSettings(json.jsonData ?? json);
  if (!read.ok) {
    throw new Error(`${file}: ${read.problems.map(shapeProblemText).join('; ')}`);
  }
  // The secrets as the backend keeps them from decryptedSecureJsonData.
  return { settings: read.settings, secrets: readSecrets(json.secureJsonData) };
}

export async function readConfig(file: string): Promise<Config> {
  return configOf(JSON.parse(await readFile(file, 'utf8')), file);
}
