import { PmmError, type PmmSource } from '../../../../src/core/errors';

/** Why a request failed, for callers that react differently (e.g. a health check vs. a KPI). */
export type HttpFailureReason = 'status' | 'timeout' | 'network' | 'json' | 'shape' | 'cancelled' | 'invalid-url';

export type HttpSourceErrorParameters = {
  source: PmmSource;
  reason: HttpFailureReason;
  /** Already redacted: this error is shown to users and logged. */
  url: string;
  status?: number;
  attempts: number;
  message: string;
  fix: string;
  /** Already redacted, see redactCause. */
  cause?: Error;
};

/** A PmmError with the facts of an HTTP failure as fields, so callers need not parse the message. */
export class HttpSourceError extends PmmError {
  readonly reason: HttpFailureReason;
  readonly url: string;
  readonly status?: number;
  readonly attempts: number;

  constructor(p: HttpSourceErrorParameters) {
    super(p.source, p.message, { fix: p.fix, cause: p.cause });
    this.name = 'HttpSourceError';
    this.reason = p.reason;
    this.url = p.url;
    this.status = p.status;
    this.attempts = p.attempts;
  }
}
