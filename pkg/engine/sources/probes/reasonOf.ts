import { HttpSourceError } from '../http';

/** Why a probe failed, in a few words that never hold the URL. */
export function reasonOf(error: unknown): string {
  if (error instanceof HttpSourceError) {
    return error.status !== undefined ? `HTTP ${error.status}` : error.reason;
  }
  return error instanceof Error ? error.message : String(error);
}
