/**
 * The one way into typed settings, for every reader of a data source's jsonData: the backend, the
 * CLI's `--config`, the provisioning and the config editor. `readSettings` checks the JSON against
 * SETTINGS_SCHEMA and gives PmmSettings with absent lists empty (or the problems, by field);
 * `loadSettings` goes on to validateSettings, the checks of meaning (addresses, URLs, a maker wallet).
 */
import { SETTINGS_SCHEMA } from './schema';
import { readShape } from './shape';
import type { PmmSettings, SecureSettingName, SettingsProblem } from './types';
import { validateSettings } from './validate';

export type SettingsReading = { ok: true; settings: PmmSettings } | { ok: false; problems: SettingsProblem[] };

/** Types first: validateSettings assumes them, and a null node must name its field, not crash. */
export function readSettings(raw: unknown): SettingsReading {
  const read = readShape(raw, SETTINGS_SCHEMA);
  if (!read.ok) {
    return {
      ok: false,
      problems: read.problems.map((p) =>
        p.field === '' ? { field: '', message: 'the settings must be a JSON object' } : p
      ),
    };
  }
  return { ok: true, settings: read.value };
}

/** Settings that are well typed and mean something: what the engine will accept. */
export function loadSettings(raw: unknown): SettingsReading {
  const read = readSettings(raw);
  if (!read.ok) {
    return read;
  }
  const problems = validateSettings(read.settings);
  return problems.length > 0 ? { ok: false, problems } : read;
}

/** "nodes[1].name must be a string, not a number": a shape problem as one line. */
export function shapeProblemText(problem: SettingsProblem): string {
  return problem.field === '' ? problem.message : `${problem.field} ${problem.message}`;
}

const SECRET_NAMES: readonly string[] = ['coingeckoKey', 'duneKey', 'hedgeKey'] satisfies SecureSettingName[];

function isSecretName(name: string): name is SecureSettingName {
  return name.startsWith('nodeKey:') || SECRET_NAMES.includes(name);
}

/** Only the secure fields PMM Monitor knows, with a text value; empty values count as unset. */
export function readSecrets(decrypted: unknown): Partial<Record<SecureSettingName, string>> {
  const secrets: Partial<Record<SecureSettingName, string>> = {};
  if (typeof decrypted !== 'object' || decrypted === null) {
    return secrets;
  }
  for (const [name, value] of Object.entries(decrypted)) {
    if (typeof value === 'string' && value !== '' && isSecretName(name)) {
      secrets[name] = value;
    }
  }
  return secrets;
}
