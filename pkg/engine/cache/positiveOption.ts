import { PmmError, type PmmSource } from '../../../src/core/errors';

/** A cache's size option, refused with its source and the fix unless it is a positive number. */
export function positiveOption(source: PmmSource, name: string, value: number, subject = ''): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new PmmError(source, `${subject}${name} must be a positive number, got ${value}`, {
      fix: `pass a positive ${name} or leave it unset for the default`,
    });
  }
  return value;
}
