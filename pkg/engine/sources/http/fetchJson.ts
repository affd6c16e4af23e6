import type { PmmSource } from '../../../../src/core/errors';
import { backoffDelay } from './backoff';
import { HttpSourceError } from './httpSourceError';
import { redactCause } from './redactCause';
import { redactUrl } from './redact';
import { requestOnce } from './requestOnce';
import { secretsOf } from './secretsOf';

export type FetchJsonParameters = {
  /** Names the data source in errors, e.g. 'coingecko', 'quote-log'. */
  source: PmmSource;
  url: string;
  /** Retries apply to every method: pass `retries: 0` for a request that must not be repeated. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** For all attempts and waits together: no call outlives it. */
  deadlineMs?: number;
  /** The longest Retry-After we honour; a server asking for minutes should not freeze a panel. */
  maxRetryAfterMs?: number;
  /** Cancels the request, e.g. when Grafana cancels the query. */
  signal?: AbortSignal;
};

export type FetchJsonDependencies = {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
};

export type FetchJsonErrorType = HttpSourceError;

export const FETCH_JSON_DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  deadlineMs: 30_000,
  maxRetryAfterMs: 10_000,
  backoffBaseMs: 250,
  backoffMaxMs: 5_000,
} as const;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GET or POST a JSON endpoint and validate the answer with `parse`; without `parse` the result is
 * `unknown`, so no caller gets an unchecked type. Transient failures (408, 429, 5xx, network,
 * timeouts) are retried with backoff or as Retry-After asks; everything ends by `deadlineMs`.
 * Throws only `HttpSourceError`, whose message and cause never contain the URL's secrets.
 */
export function fetchJson<T>(
  request: FetchJsonParameters & { parse: (json: unknown) => T },
  deps?: FetchJsonDependencies
): Promise<T>;
// The base no-redeclare rule reads TypeScript overloads as redeclarations.
// eslint-disable-next-line no-redeclare
export function fetchJson(request: FetchJsonParameters, deps?: FetchJsonDependencies): Promise<unknown>;
// eslint-disable-next-line no-redeclare
export async function fetchJson<T>(
  request: FetchJsonParameters & { parse?: (json: unknown) => T },
  deps: FetchJsonDependencies = {}
): Promise<T | unknown> {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const timeoutMs = request.timeoutMs ?? FETCH_JSON_DEFAULTS.timeoutMs;
  const retries = request.retries ?? FETCH_JSON_DEFAULTS.retries;
  const maxRetryAfterMs = request.maxRetryAfterMs ?? FETCH_JSON_DEFAULTS.maxRetryAfterMs;
  const deadline = now() + (request.deadlineMs ?? FETCH_JSON_DEFAULTS.deadlineMs);

  const displayUrl = redactUrl(request.url);
  const target = toTarget(request, displayUrl);
  // From the final headers, so a Basic header made from the URL's userinfo is masked too.
  const secrets = secretsOf(request.url, target.headers);

  let lastError: HttpSourceError | undefined;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw lastError ?? deadlineError(request.source, displayUrl, attempt - 1, timeoutMs);
    }
    const result = await requestOnce({
      source: request.source,
      url: target.url,
      displayUrl,
      init: { method: request.method ?? 'GET', headers: target.headers, body: request.body },
      timeoutMs: Math.min(timeoutMs, remaining),
      signal: request.signal,
      attempt,
      secrets,
      parse: request.parse ?? ((json: unknown): unknown => json),
      fetch: fetchFn,
      now,
    });
    if (result.ok) {
      return result.value;
    }
    lastError = result.error;
    if (!result.retryable || attempt > retries) {
      throw result.error;
    }
    const delay =
      result.retryAfterMs !== undefined
        ? Math.min(result.retryAfterMs, maxRetryAfterMs)
        : backoffDelay({
            retry: attempt - 1,
            baseMs: FETCH_JSON_DEFAULTS.backoffBaseMs,
            maxMs: FETCH_JSON_DEFAULTS.backoffMaxMs,
            random,
          });
    // Waiting past the deadline only to fail there would hide the real error behind a timeout.
    if (now() + delay >= deadline) {
      throw result.error;
    }
    await sleep(delay);
  }
}

/** fetch refuses URLs with credentials; like curl, send `user:password@` as Basic auth instead. */
function toTarget(request: FetchJsonParameters, displayUrl: string): { url: URL; headers: Record<string, string> } {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (cause) {
    throw new HttpSourceError({
      source: request.source,
      reason: 'invalid-url',
      url: displayUrl,
      attempts: 0,
      message: 'the URL is not valid',
      fix: "check the URL in the data source's settings",
      cause: redactCause(cause, secretsOf(request.url, request.headers)),
    });
  }
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (url.username || url.password) {
    const hasAuth = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    if (!hasAuth) {
      const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  return { url, headers };
}

function deadlineError(source: PmmSource, url: string, attempts: number, timeoutMs: number): HttpSourceError {
  return new HttpSourceError({
    source,
    reason: 'timeout',
    url,
    attempts,
    message: `no answer from ${url} before the deadline`,
    fix: `the endpoint did not answer within ${timeoutMs} ms`,
  });
}
