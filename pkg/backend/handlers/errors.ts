/** Whose fault a failure is, in Grafana's terms: a source outside the plugin ("downstream") or the plugin's own ("plugin"). */
import { SOURCE_IDS } from '../../../src/core/catalogue';
import { PmmError } from '../../../src/core/errors';
import type { ErrorSource } from '../wire/backend';

/** The catalogue's sources, and the engine's block-time search (which only fails on what the node says). */
const DOWNSTREAM = new Set<string>([...SOURCE_IDS, 'blockAtTime']);

/** A PmmError's source without its detail ("rpc:alchemy" → "rpc"); "plugin" for anything else. */
export function sourceOf(error: unknown): string {
  return error instanceof PmmError ? error.source.split(':')[0] : 'plugin';
}

export function errorSourceOf(error: unknown): ErrorSource {
  return DOWNSTREAM.has(sourceOf(error)) ? 'downstream' : 'plugin';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
