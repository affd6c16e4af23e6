/**
 * A fetch that keeps at most `maxConcurrent` requests in flight to one node and times each out from
 * when it is sent, not from when it was queued. Without it, a query reading thousands of blocks sends
 * hundreds of JSON-RPC batches at once; a node (anvil, a rate-limited provider) answers them one after
 * another, and the last ones time out although the node is healthy.
 */
/** An answer read whole: its body's bytes, read once (a month of reads is ~100 MB of JSON-RPC answers). */
export interface FetchedBody {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

export interface LimitedFetchOptions {
  maxConcurrent: number;
  /** Per request, from the moment it is sent. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function limitedFetch({
  maxConcurrent,
  timeoutMs,
  fetch: base = fetch,
}: LimitedFetchOptions): (input: Parameters<typeof fetch>[0], init?: RequestInit) => Promise<FetchedBody> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return async (input, init) => {
    if (active >= maxConcurrent) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    active++;
    const controller = new AbortController();
    const outer = init?.signal;
    const abort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs
    );
    try {
      const response = await base(input, { ...init, signal: controller.signal });
      // Read here, inside the slot and the timeout, so a slow download counts too.
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, statusText: response.statusText, headers: response.headers, body };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
      release();
    }
  };
}
