/**
 * The fetch each node's viem transport uses: at most `maxConcurrent` requests in flight, each timed
 * from when it is sent (limitedFetch), plus what viem leaves to chance with real providers:
 * - transient failures (429, 5xx, a dropped connection, a body that is not JSON) are retried
 *   on the same node with jittered backoff, and a Retry-After is honoured only up to
 *   `maxRetryAfterMs`: a node asking for minutes is treated as down so the next node answers now;
 * - a 429 without a Retry-After is a provider's throughput budget spent (Alchemy's refills over a
 *   10-second window): it is waited out, up to `throttleRetryCount` times with backoff growing to
 *   several seconds, apart from `retryCount`; every request to the node waits with it, and for a
 *   window after, requests go one at a time, each keeping its turn through its own waits, so the
 *   budget that refills goes to the request that waited rather than to newcomers (the provider
 *   bench at Alchemy's 500 CU/s: four racing requests lost 15 of 48 KPIs of a 30-day first load to
 *   429s; in single file it completes at the budget's pace). Before, one quick retry, then the node
 *   cooling down for 15 s, failed every read of a query that outran its budget;
 * - entries a JSON-RPC batch answer left out are asked for once more, one by one, then answered with
 *   an error of their own: viem refuses a batch answer of the wrong length as a whole, so one missing
 *   entry would fail every read in the batch. (viem matches a batch's entries to its requests by id.)
 * A complete answer is passed on as the node sent it: its outline (jsonShape) is read from the bytes,
 * and only viem parses it. Parsing it here as well cost a month's query ~100 MB of strings more.
 */
import { parseRetryAfter } from '../http/retryAfter';
import { jsonShape, type JsonShape } from './jsonShape';
import { limitedFetch, type FetchedBody } from './limitedFetch';

export interface NodeFetchOptions {
  maxConcurrent: number;
  /** Per attempt, from the moment it is sent. */
  timeoutMs: number;
  /** Retries of a transient failure on this node before it counts as failed. */
  retryCount: number;
  /** The longest Retry-After waited for; a longer one fails the request at once (default 2,000). */
  maxRetryAfterMs?: number;
  /** Waits for a throttled node (HTTP 429) before its 429 is passed on (default 10). */
  throttleRetryCount?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export const NODE_FETCH_DEFAULTS = {
  maxRetryAfterMs: 2_000,
  backoffBaseMs: 100,
  backoffMaxMs: 1_000,
  throttleRetryCount: 10,
  throttleBaseMs: 500,
  throttleMaxMs: 8_000,
  /** After a 429, requests go one at a time for this long (Alchemy's throughput window). */
  singleFileMs: 10_000,
} as const;

/**
 * What a left-out entry is answered with, so it fails alone: a code of the implementation-defined
 * server range, since viem reads the standard "internal error" (-32603) of an eth_call as a revert.
 */
export const MISSING_ENTRY_CODE = -32050;

interface RpcEntry {
  id?: unknown;
}

/** An answer, with its outline when the node said OK and the body is one whole JSON object or array. */
type Answer = FetchedBody & { shape?: JsonShape };

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

  const now = options.now ?? Date.now;
  const throttleRetryCount = options.throttleRetryCount ?? NODE_FETCH_DEFAULTS.throttleRetryCount;
  /** Until when every request to the node waits: the end of the longest throttle backoff under way. */
  let resumeAt = 0;
  const budgetRefilled = async () => {
    const wait = resumeAt - now();
    if (wait > 0) {
      await sleep(wait);
    }
  };
  let throttledAt = Number.NEGATIVE_INFINITY;
  const singleFile = () => now() - throttledAt < NODE_FETCH_DEFAULTS.singleFileMs;
  /** Settles when the request whose turn it is now is done: the next in line waits for it. */
  let line: Promise<void> = Promise.resolve();
  const takeTurn = async (): Promise<() => void> => {
    let done: () => void = () => undefined;
    const before = line;
    line = new Promise<void>((resolve) => (done = resolve));
    await before;
    return done;
  };
  /** Half fixed, half jittered: a budget refills at its own pace, so every wait must give it time. */
  const throttleBackoff = (throttle: number) =>
    Math.floor(
      Math.min(NODE_FETCH_DEFAULTS.throttleMaxMs, NODE_FETCH_DEFAULTS.throttleBaseMs * 2 ** throttle) *
        (0.5 + 0.5 * random())
    );

  /** One request with its retries; the last failure is returned (or thrown) as it came. */
  const withRetries = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Answer> => {
    let endTurn: (() => void) | undefined;
    try {
      return await attempts(input, init, async () => {
        endTurn ??= singleFile() ? await takeTurn() : undefined;
      });
    } finally {
      endTurn?.();
    }
  };

  /** `beforeEach` runs before every attempt (to wait for its turn while the node throttles). */
  const attempts = async (
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
    beforeEach: () => Promise<void>
  ): Promise<Answer> => {
    let throttles = 0;
    let retry = 0;
    for (;;) {
      const last = retry >= options.retryCount;
      let answer: FetchedBody;
      try {
        await beforeEach();
        await budgetRefilled();
        answer = await limited(input, init);
      } catch (error) {
        // A node silent for a whole timeout will not answer the next try either: fail over instead.
        if (last || init?.signal?.aborted || isTimeout(error)) {
          throw error;
        }
        await sleep(backoff(retry++));
        continue;
      }
      if (isThrottled(answer) && throttles < throttleRetryCount && !init?.signal?.aborted) {
        // A throttled node is up: waiting for it does not use up the retries of failures.
        throttledAt = now();
        resumeAt = Math.max(resumeAt, throttledAt + throttleBackoff(throttles++));
        continue;
      }
      if (answer.status === 429 || answer.status === 408 || answer.status >= 500) {
        const asked = parseRetryAfter(answer.headers.get('retry-after'), Date.now());
        if (last || (asked !== undefined && asked > maxRetryAfterMs)) {
          return withoutRetryAfter(answer);
        }
        await sleep(asked ?? backoff(retry));
        retry++;
        continue;
      }
      if (answer.status < 200 || answer.status > 299) {
        return answer;
      }
      const shape = jsonShape(answer.body);
      if (!shape) {
        if (last) {
          return {
            status: 502,
            statusText: 'Bad Gateway',
            headers: new Headers(),
            body: new TextEncoder().encode('the node answered with a body that is not JSON'),
          };
        }
        await sleep(backoff(retry++));
        continue;
      }
      return { ...answer, shape };
    }
  };

  return async (input, init) => {
    const answer = await withRetries(input, init);
    const requested = batchOf(init?.body);
    if (!requested || answer.shape?.kind !== 'array' || answer.shape.entries === requested.length) {
      // Passed on as the node wrote it, to be parsed once, by viem (which matches batch entries by id).
      return responseOf(answer);
    }
    const answered = bodyJson(answer);
    if (!Array.isArray(answered)) {
      return responseOf(answer);
    }
    const byId = new Map<string, unknown>();
    const remember = (answers: unknown[]) =>
      answers.forEach((entry) => {
        if (typeof entry === 'object' && entry !== null && 'id' in entry) {
          byId.set(idKey(entry.id), entry);
        }
      });
    remember(answered);
    const missing = requested.filter((entry) => !byId.has(idKey(entry.id)));
    // One by one: a node that drops entries from batches (under load, past a size) answers single requests.
    await Promise.all(
      missing.map(async (entry) => {
        try {
          const again = await withRetries(input, { ...init, body: JSON.stringify(entry) });
          if (again.shape) {
            remember([bodyJson(again)]);
          }
        } catch {
          // Still missing: it fails on its own below.
        }
      })
    );
    return jsonResponse(
      requested.map(
        (entry) =>
          byId.get(idKey(entry.id)) ?? {
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

const idKey = (id: unknown) => JSON.stringify(id);

/** HTTP 429 without a Retry-After: a budget spent, to wait out (one with the header says how long). */
function isThrottled(answer: FetchedBody): boolean {
  return answer.status === 429 && answer.headers.get('retry-after') === null;
}

function batchOf(body: RequestInit['body']): RpcEntry[] | undefined {
  if (typeof body !== 'string' || !body.startsWith('[')) {
    return undefined;
  }
  const parsed = parseJson(body);
  return Array.isArray(parsed?.value) ? (parsed.value as RpcEntry[]) : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The body's JSON value, for the rare answer that must be looked into (undefined when not JSON). */
function bodyJson(answer: FetchedBody): unknown {
  return parseJson(new TextDecoder().decode(answer.body))?.value;
}

function responseOf(answer: FetchedBody): Response {
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** viem waits as long as a Retry-After says: past our own limit, the node must fail now. */
function withoutRetryAfter(answer: FetchedBody): FetchedBody {
  const headers = new Headers(answer.headers);
  headers.delete('retry-after');
  return { ...answer, headers };
}
