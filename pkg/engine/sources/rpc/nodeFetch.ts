/**
 * The fetch each node's viem transport uses: at most `maxConcurrent` requests in flight, each timed
 * from when it is sent (limitedFetch), plus what viem leaves to chance with real providers:
 * - transient failures (429, 5xx, a dropped connection, a body that is not JSON) are retried
 *   on the same node with jittered backoff, and a Retry-After is honoured only up to
 *   `maxRetryAfterMs`: a node asking for minutes is treated as down so the next node answers now;
 * - a JSON-RPC batch answer is put back in request order by id, and entries the node left out are
 *   asked for once more, one by one, then answered with an error of their own: viem refuses a batch
 *   answer of the wrong length as a whole, so one missing entry would fail every read in the batch.
 */
import { parseRetryAfter } from '../http/retryAfter';
import { limitedFetch } from './limitedFetch';

export interface NodeFetchOptions {
  maxConcurrent: number;
  /** Per attempt, from the moment it is sent. */
  timeoutMs: number;
  /** Retries of a transient failure on this node before it counts as failed. */
  retryCount: number;
  /** The longest Retry-After waited for; a longer one fails the request at once (default 2,000). */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const NODE_FETCH_DEFAULTS = { maxRetryAfterMs: 2_000, backoffBaseMs: 100, backoffMaxMs: 1_000 } as const;

/**
 * What a left-out entry is answered with, so it fails alone: a code of the implementation-defined
 * server range, since viem reads the standard "internal error" (-32603) of an eth_call as a revert.
 */
export const MISSING_ENTRY_CODE = -32050;

interface RpcEntry {
  id?: unknown;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function nodeFetch(options: NodeFetchOptions): typeof fetch {
  const limited = limitedFetch({
    maxConcurrent: options.maxConcurrent,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? NODE_FETCH_DEFAULTS.maxRetryAfterMs;
  const backoff = (retry: number) =>
    Math.floor(random() * Math.min(NODE_FETCH_DEFAULTS.backoffMaxMs, NODE_FETCH_DEFAULTS.backoffBaseMs * 2 ** retry));

  /** One request with its retries; the last failure is returned (or thrown) as it came. */
  const withRetries = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> => {
    for (let retry = 0; ; retry++) {
      const last = retry >= options.retryCount;
      let response: Response;
      try {
        response = await limited(input, init);
      } catch (error) {
        // A node silent for a whole timeout will not answer the next try either: fail over instead.
        if (last || init?.signal?.aborted || isTimeout(error)) {
          throw error;
        }
        await sleep(backoff(retry));
        continue;
      }
      if (response.status === 429 || response.status === 408 || response.status >= 500) {
        const asked = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        if (last || (asked !== undefined && asked > maxRetryAfterMs)) {
          return withoutRetryAfter(response);
        }
        await sleep(asked ?? backoff(retry));
        continue;
      }
      if (!response.ok) {
        return response;
      }
      const text = await response.text();
      if (!isJson(text)) {
        if (last) {
          return new Response('the node answered with a body that is not JSON', {
            status: 502,
            statusText: 'Bad Gateway',
          });
        }
        await sleep(backoff(retry));
        continue;
      }
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
  };

  return async (input, init) => {
    const response = await withRetries(input, init);
    const requested = batchOf(init?.body);
    if (!requested || !response.ok) {
      return response;
    }
    const answered: unknown = JSON.parse(await response.text());
    if (!Array.isArray(answered)) {
      // A batch refused as a whole ({"error": …}): viem reports it as it is.
      return jsonResponse(answered);
    }
    const byId = new Map<string, unknown>();
    const remember = (answers: unknown[]) =>
      answers.forEach((answer) => {
        if (typeof answer === 'object' && answer !== null && 'id' in answer) {
          byId.set(JSON.stringify(answer.id), answer);
        }
      });
    remember(answered);
    const missing = requested.filter((entry) => !byId.has(JSON.stringify(entry.id)));
    // One by one: a node that drops entries from batches (under load, past a size) answers single requests.
    await Promise.all(
      missing.map(async (entry) => {
        try {
          const again = await withRetries(input, { ...init, body: JSON.stringify(entry) });
          if (again.ok) {
            remember([JSON.parse(await again.text())]);
          }
        } catch {
          // Still missing: it fails on its own below.
        }
      })
    );
    return jsonResponse(
      requested.map(
        (entry) =>
          byId.get(JSON.stringify(entry.id)) ?? {
            jsonrpc: '2.0',
            id: entry.id,
            error: {
              code: MISSING_ENTRY_CODE,
              message: 'the node left this request out of its batch answer and did not answer it alone',
            },
          }
      )
    );
  };
}

function batchOf(body: RequestInit['body']): RpcEntry[] | undefined {
  if (typeof body !== 'string' || !body.startsWith('[')) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? (parsed as RpcEntry[]) : undefined;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** viem waits as long as a Retry-After says: past our own limit, the node must fail now. */
function withoutRetryAfter(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('retry-after');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
