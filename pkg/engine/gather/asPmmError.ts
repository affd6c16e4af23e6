import { PmmError, type PmmSource } from '../../../src/core/errors';

/** An error as a PmmError: one already is kept as it is; any other is named after `source`. */
export function asPmmError(error: unknown, source: PmmSource = 'engine'): PmmError {
  if (error instanceof PmmError) {
    return error;
  }
  return new PmmError(source, error instanceof Error ? error.message : String(error), { cause: error });
}
