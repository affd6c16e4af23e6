import { PmmError } from '../../../../src/core/errors';

/** One line of a health check: one source, whether it answered, and what to do when it did not. */
export interface HealthLine {
  /** The catalogue's source id (rpc, chainlink, aave-v3, …). */
  source: string;
  /** What was checked, as the user named it: a node's name, an asset's feed, a market. */
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  /** A failed required source fails the check; an optional one only warns. */
  required: boolean;
  /** What was found, or what went wrong: never a URL with a key, never a secret. */
  message: string;
  fix?: string;
}

export const CHECK_TIMEOUT_MS = 10_000;

export function ok(source: string, name: string, message: string, required = true): HealthLine {
  return { source, name, status: 'ok', required, message };
}

export function failed(source: string, name: string, message: string, fix?: string, required = true): HealthLine {
  return { source, name, status: 'failed', required, message, fix };
}

export function skipped(source: string, name: string, message: string): HealthLine {
  return { source, name, status: 'skipped', required: false, message };
}

/** What went wrong and what to do, apart: the line names the source itself. */
export function reasonOf(error: unknown): { message: string; fix?: string } {
  if (error instanceof PmmError) {
    return { message: error.problem, fix: error.fix };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
