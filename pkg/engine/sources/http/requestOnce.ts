import type { PmmSource } from '../../../../src/core/errors';
import { HttpFailureReason, HttpSourceError } from './httpSourceError';
import { redactCause } from './redactCause';
import { fixForStatus, isRetryableStatus } from './status';
import { parseRetryAfter } from './retryAfter';

export type RequestOnceParameters<T> = {
  source: PmmSource;
  /** The URL to call, userinfo already moved into a header (fetch refuses credentials in URLs). */
  url: URL;
  /** What messages may show of the URL. */
  displayUrl: string;
  init: Omit<RequestInit, 'signal'>;
  timeoutMs: number;
  signal?: AbortSignal;
  attempt: number;
  secrets: readonly string[];
  parse: (json: unknown) => T;
  fetch: typeof fetch;
  now: () => number;
};

export type RequestOnceResult<T> =
  { ok: true; value: T } | { ok: false; error: HttpSourceError; retryable: boolean; retryAfterMs?: number };

/**
 * One attempt, never throwing: every failure comes back classified (retryable or not, and how long
 * the server asked us to wait), so the retry loop in fetchJson is only about time.
 */
export async function requestOnce<T>(p: RequestOnceParameters<T>): Promise<RequestOnceResult<T>> {
  const timeout = AbortSignal.timeout(p.timeoutMs);
  const signal = p.signal ? AbortSignal.any([p.signal, timeout]) : timeout;

  const fail = (
    reason: HttpFailureReason,
    message: string,
    fix: string,
    extra: { cause?: unknown; status?: number; retryable?: boolean; retryAfterMs?: number } = {}
  ): RequestOnceResult<T> => ({
    ok: false,
    retryable: extra.retryable ?? false,
    retryAfterMs: extra.retryAfterMs,
    error: new HttpSourceError({
      source: p.source,
      reason,
      url: p.displayUrl,
      status: extra.status,
      attempts: p.attempt,
      message: `${message} (attempt ${p.attempt})`,
      fix,
      cause: redactCause(extra.cause, p.secrets),
    }),
  });

  // Body reads honour the same signal, so a server that sends headers then stalls also times out.
  const thrown = (cause: unknown): RequestOnceResult<T> => {
    if (p.signal?.aborted) {
      return fail('cancelled', `request to ${p.displayUrl} was cancelled`, 'the query was cancelled', { cause });
    }
    if (timeout.aborted) {
      return fail('timeout', `no answer from ${p.displayUrl}`, `the endpoint did not answer within ${p.timeoutMs} ms`, {
        cause,
        retryable: true,
      });
    }
    return fail('network', `could not reach ${p.displayUrl}`, 'check the URL, DNS and network access to the endpoint', {
      cause,
      retryable: true,
    });
  };

  let response: Response;
  try {
    response = await p.fetch(p.url, { ...p.init, signal });
  } catch (cause) {
    return thrown(cause);
  }

  if (!response.ok) {
    // Free the socket; the body of an error page is not shown, since APIs echo keys back in it.
    response.body?.cancel().catch(() => undefined);
    return fail('status', `HTTP ${response.status} from ${p.displayUrl}`, fixForStatus(response.status), {
      status: response.status,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), p.now()),
    });
  }

  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    return thrown(cause);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return fail('json', `malformed JSON from ${p.displayUrl}`, 'the endpoint did not return JSON', {
      cause,
      status: response.status,
    });
  }

  try {
    return { ok: true, value: p.parse(json) };
  } catch (cause) {
    return fail(
      'shape',
      `unexpected response shape from ${p.displayUrl}`,
      'the API may have changed: check the endpoint and its version',
      { cause, status: response.status }
    );
  }
}
