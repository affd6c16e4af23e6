/**
 * A fetch that keeps at most `maxConcurrent` requests in flight to one node and times each out from
 * when it is sent, not from when it was queued. Without it, a query reading thousands of blocks sends
 * hundreds of JSON-RPC batches at once; a node (anvil, a rate-limited provider) answers them one after
 * another, and the last ones time out although the node is healthy.
 */
export interface LimitedFetchOptions {
  maxConcurrent: number;
  /** Per request, from the moment it is sent. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function limitedFetch({ maxConcurrent, timeoutMs, fetch: base = fetch }: LimitedFetchOptions): typeof fetch {
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
      // The body is read by the caller: keep the slot until it has been, so a slow download counts too.
      const body = await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', abort);
      release();
    }
  };
}
