/**
 * The one error type of the product: every failure names where it happened (`source`), what the user
 * can do about it (`fix`) and keeps the underlying error as `cause`, so a KPI, a query or a health
 * check can report it without a stack trace and without losing it.
 */
export class PmmError extends Error {
  readonly source: string;
  readonly fix?: string;

  constructor(source: string, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(options.fix ? `${source}: ${message} (${options.fix})` : `${source}: ${message}`, { cause: options.cause });
    this.name = 'PmmError';
    this.source = source;
    this.fix = options.fix;
  }
}
