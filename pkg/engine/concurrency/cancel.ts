/**
 * A query its caller cancelled (Grafana gave up on the request: the gRPC call's cancellation) stops
 * starting reads and rejects with this error. Reads already sent finish and are kept where they are
 * kept on completion (the block cache, the store of unchanging answers): a cancelled query leaves
 * what it read for the next one, and nothing it did not read.
 */
import { PmmError } from '../../../src/core/errors';

export type QueryCancelledErrorType = PmmError;

/** The error a cancelled query rejects with (kind `cancelled`, never a KPI's failure). */
export function queryCancelled(): QueryCancelledErrorType {
  return new PmmError('cancelled', 'the query was cancelled by its caller', {
    fix: 'nothing to fix: Grafana cancels a query when the panel, the range or the dashboard changes',
    kind: 'cancelled',
  });
}

/** How deep a cancellation is looked for under the errors that wrap it (viem's, a part's PmmError). */
const MAX_CAUSE_DEPTH = 8;

/** Whether `error`, or an error it wraps, is a query's cancellation. */
export function isCancelled(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (current instanceof PmmError && current.kind === 'cancelled') {
      return true;
    }
    current = current.cause;
  }
  return false;
}

/** Throws the cancellation once `signal` is aborted; without a signal the query cannot be cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw queryCancelled();
  }
}
