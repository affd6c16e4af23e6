/**
 * The config editor's logic, apart from its components so it can be tested without rendering: the
 * problems of the settings by field, found by the loader the backend reads them with
 * (src/core/settings/load.ts: their shape, then validate.ts), and the secure fields (write-only: the
 * browser only learns whether one is configured).
 */
import type { DataSourceSettings } from '@grafana/data';

import { loadSettings } from '../../../core/settings/load';
import type { SettingsProblem } from '../../../core/settings/types';
import type { PmmDataSourceOptions, PmmSecureJsonData } from '../../types';

export type PmmOptions = DataSourceSettings<PmmDataSourceOptions, PmmSecureJsonData>;

/** Problems keyed by field path (`assets[1].feed`); list-wide ones under the list's name. */
export type Problems = ReadonlyMap<string, string[]>;

export function problemsOf(json: PmmDataSourceOptions): Problems {
  const byField = new Map<string, string[]>();
  const add = ({ field, message }: SettingsProblem) => byField.set(field, [...(byField.get(field) ?? []), message]);
  const loaded = loadSettings(json);
  if (!loaded.ok) {
    loaded.problems.forEach(add);
  }
  (json.nodes ?? []).forEach((node, i) => {
    const warning = keyInUrlProblem(node.url);
    if (warning) {
      add({ field: `nodes[${i}].url`, message: warning });
    }
  });
  return byField;
}

/** The message to show under a field, or undefined. */
export function problemAt(problems: Problems, field: string): string | undefined {
  const messages = problems.get(field);
  return messages && messages.length > 0 ? messages.join('; ') : undefined;
}

/**
 * A URL whose path or query holds what looks like an API key: the key must go in the secure field, or
 * it is stored in plain jsonData that every viewer of the data source can read.
 */
export function keyInUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const looksLikeKey = (part: string) => /^[A-Za-z0-9_-]{24,}$/.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part);
  const inPath = parsed.pathname.split('/').some(looksLikeKey);
  const inQuery = [...parsed.searchParams.values()].some(looksLikeKey);
  if (parsed.password !== '' || inPath || inQuery) {
    return 'this URL seems to hold a key: put the key in the Key field (kept encrypted) and leave it out of the URL, or write {key} where it goes';
  }
  return undefined;
}

export function patchJson(options: PmmOptions, patch: Partial<PmmDataSourceOptions>): PmmOptions {
  return { ...options, jsonData: { ...options.jsonData, ...patch } };
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** An input's text as an optional string: empty means unset (so an empty feed is not "not an address"). */
export function optionalText(value: string): string | undefined {
  return value.trim() === '' ? undefined : value.trim();
}

/** An input's text as an optional number: empty or not a number means unset. */
export function optionalNumber(value: string): number | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

// ---- secure fields ----

export function nodeKeyName(nodeName: string): string {
  return `nodeKey:${nodeName}`;
}

export function isSecretConfigured(options: PmmOptions, name: string): boolean {
  return Boolean(options.secureJsonFields?.[name]);
}

export function withSecret(options: PmmOptions, name: string, value: string): PmmOptions {
  return { ...options, secureJsonData: { ...options.secureJsonData, [name]: value } };
}

/** Grafana deletes a secure field saved as '' with its "configured" flag cleared. */
export function withSecretReset(options: PmmOptions, name: string): PmmOptions {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [name]: false },
    secureJsonData: { ...options.secureJsonData, [name]: '' },
  };
}

/**
 * A node's key is stored under its name, and a stored key cannot be read back to move it: renaming a
 * node whose key is configured drops that key (the user types it again), rather than leaving a key
 * no node uses. A key typed but not saved yet moves with the node.
 */
export function renameNodeSecret(options: PmmOptions, oldName: string, newName: string): PmmOptions {
  const oldKey = nodeKeyName(oldName);
  const newKey = nodeKeyName(newName);
  if (oldKey === newKey) {
    return options;
  }
  const typed = options.secureJsonData?.[oldKey];
  let next = options;
  if (isSecretConfigured(options, oldKey)) {
    next = withSecretReset(next, oldKey);
  } else if (typed !== undefined) {
    const { [oldKey]: _dropped, ...rest } = next.secureJsonData ?? {};
    next = { ...next, secureJsonData: rest };
  }
  return typed ? withSecret(next, newKey, typed) : next;
}
