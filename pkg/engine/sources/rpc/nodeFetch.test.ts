import { http } from 'viem';

import { MISSING_ENTRY_CODE, nodeFetch } from './nodeFetch';

interface Entry {
  id: number;
  method: string;
}

const batch = (ids: number[]) => JSON.stringify(ids.map((id) => ({ jsonrpc: '2.0', id, method: 'eth_chainId' })));
const answerOf = (entry: Entry) => ({ jsonrpc: '2.0', id: entry.id, result: `0x${entry.id.toString(16)}` });

/** A fake node: `reply` gets the parsed body and returns [status, body, headers]. */
function fakeNode(reply: (body: Entry | Entry[], call: number) => [number, string, Record<string, string>?]) {
  const bodies: string[] = [];
  const fetchFn: typeof fetch = async (_input, init) => {
    bodies.push(String(init?.body));
    const [status, text, headers] = reply(JSON.parse(String(init?.body)) as Entry | Entry[], bodies.length);
    return new Response(text, { status, headers });
  };
  return { fetchFn, bodies };
}

const noSleep = { sleep: async () => undefined, random: () => 0 };

describe('nodeFetch', () => {
  it('lets viem match a batch answer in any order to its requests', async () => {
    // The fake node answers each entry with its own first parameter, in reverse order.
    const fetchFn: typeof fetch = async (_input, init) => {
      const entries = JSON.parse(String(init?.body)) as Array<{ id: number; params: string[] }>;
      const answers = entries.map((entry) => ({ jsonrpc: '2.0', id: entry.id, result: entry.params[0] })).reverse();
      return new Response(JSON.stringify(answers), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const transport = http('http://node', {
      batch: true,
      retryCount: 0,
      fetchFn: nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 0, fetch: fetchFn }),
    })({});
    const asked = ['0x01', '0x02', '0x03'] as const;
    const answers = await Promise.all(
      asked.map((tag) => transport.request({ method: 'eth_getBlockByNumber', params: [tag, false] }))
    );
    expect(answers).toEqual([...asked]);
  });

  it('passes a complete, in-order batch answer on as the node wrote it, and a whole-batch error too', async () => {
    // Spacing JSON.stringify would not produce: a rewritten answer would lose it.
    const written = (body: Entry[]) => `[ ${body.map((entry) => JSON.stringify(answerOf(entry))).join(' ,\n ')} ]`;
    const node = fakeNode((body) => [200, written(body as Entry[])]);
    const fetchFn = nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 0, fetch: node.fetchFn });
    const response = await fetchFn('http://node', { method: 'POST', body: batch([1, 2, 3]) });
    expect(await response.text()).toBe(written(JSON.parse(batch([1, 2, 3])) as Entry[]));

    const refusing = fakeNode(() => [200, '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"too big"}}']);
    const refused = nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 0, fetch: refusing.fetchFn });
    const whole = (await (await refused('http://node', { method: 'POST', body: batch([1, 2]) })).json()) as {
      error: { message: string };
    };
    expect(whole.error.message).toBe('too big');
    expect(refusing.bodies).toHaveLength(1);
  });

  it('asks again, one by one, for entries a batch answer left out, and fails only those it never gets', async () => {
    const node = fakeNode((body) => {
      if (Array.isArray(body)) {
        // Leaves out ids 2 and 4.
        return [200, JSON.stringify(body.filter((e) => e.id % 2 === 1).map(answerOf))];
      }
      return body.id === 4 ? [503, 'busy'] : [200, JSON.stringify(answerOf(body))];
    });
    const fetchFn = nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 0, fetch: node.fetchFn });
    const answers = (await (
      await fetchFn('http://node', { method: 'POST', body: batch([1, 2, 3, 4]) })
    ).json()) as Array<{
      id: number;
      result?: string;
      error?: { code: number };
    }>;
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3, 4]);
    expect(answers.slice(0, 3).map((a) => a.result)).toEqual(['0x1', '0x2', '0x3']);
    expect(answers[3].error?.code).toBe(MISSING_ENTRY_CODE);
    expect(node.bodies.slice(1).map((b) => JSON.parse(b).id)).toEqual([2, 4]);
  });

  it('waits a short Retry-After and retries on the same node', async () => {
    const waits: number[] = [];
    const node = fakeNode((_, call) => (call === 1 ? [429, 'slow down', { 'retry-after': '1' }] : [200, '{"id":1}']));
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 1,
      fetch: node.fetchFn,
      sleep: async (ms) => void waits.push(ms),
    });
    const response = await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    expect(response.status).toBe(200);
    expect(waits).toEqual([1_000]);
  });

  it('gives up at once, without the header, when a node asks to wait longer than allowed', async () => {
    const node = fakeNode(() => [429, 'come back in an hour', { 'retry-after': '3600' }]);
    const fetchFn = nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 3, fetch: node.fetchFn, ...noSleep });
    const response = await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(node.bodies).toHaveLength(1);
  });

  it('waits out a 429 without Retry-After (a spent throughput budget), apart from the retries of failures', async () => {
    const waits: number[] = [];
    let clock = 0;
    // Throttled three times, then answered; no retry of failures is allowed at all.
    const node = fakeNode((_, call) => (call <= 3 ? [429, '{"error":{"code":429}}'] : [200, '{"id":1}']));
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 0,
      fetch: node.fetchFn,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      random: () => 0,
      now: () => clock,
    });
    const response = await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    expect(response.status).toBe(200);
    // 500 · 2^k ms, half of it fixed: random 0 waits the half.
    expect(waits).toEqual([250, 500, 1_000]);
  });

  it('passes a 429 on after its throttle retries, each wait capped at 8 s', async () => {
    const waits: number[] = [];
    let clock = 0;
    const node = fakeNode(() => [429, 'spent']);
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 0,
      throttleRetryCount: 6,
      fetch: node.fetchFn,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      random: () => 1,
      now: () => clock,
    });
    const response = await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    expect(response.status).toBe(429);
    expect(node.bodies).toHaveLength(7);
    // 500 · 2^k: 500, 1,000, 2,000, 4,000, 8,000, then 16,000 capped at 8,000.
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('holds every request to a throttled node until the backoff under way ends', async () => {
    const waits: number[] = [];
    // The first request is throttled once; the clock stands still, so the backoff is still under way
    // when the second request, never throttled itself, is sent.
    const node = fakeNode((_, call) => (call === 1 ? [429, 'spent'] : [200, '{"id":1}']));
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 0,
      fetch: node.fetchFn,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
      now: () => 0,
    });
    expect((await fetchFn('http://node', { method: 'POST', body: '{"id":1}' })).status).toBe(200);
    expect((await fetchFn('http://node', { method: 'POST', body: '{"id":2}' })).status).toBe(200);
    expect(waits).toEqual([250, 250]);
  });

  it('sends one request at a time for a while after a 429', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 0,
      fetch: async () => {
        calls++;
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return calls === 1 ? new Response('spent', { status: 429 }) : new Response('{"id":1}', { status: 200 });
      },
      sleep: async () => undefined,
      random: () => 0,
      now: () => 0,
    });
    await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    // Four at once, under the four slots: the node sees them one after another.
    const answers = await Promise.all(
      [2, 3, 4, 5].map((id) => fetchFn('http://node', { method: 'POST', body: `{"id":${id}}` }))
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(most).toBe(1);
  });

  it('retries a body that is not JSON, and reports it as a bad gateway when it stays broken', async () => {
    const node = fakeNode(() => [200, '{"jsonrpc":"2.0","res']);
    const fetchFn = nodeFetch({ maxConcurrent: 4, timeoutMs: 1_000, retryCount: 1, fetch: node.fetchFn, ...noSleep });
    const response = await fetchFn('http://node', { method: 'POST', body: '{"id":1}' });
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/not JSON/);
    expect(node.bodies).toHaveLength(2);
  });

  it('retries a dropped connection, then lets the error through', async () => {
    let calls = 0;
    const fetchFn = nodeFetch({
      maxConcurrent: 4,
      timeoutMs: 1_000,
      retryCount: 2,
      fetch: async () => {
        calls++;
        throw new TypeError('fetch failed');
      },
      ...noSleep,
    });
    await expect(fetchFn('http://node', { method: 'POST', body: '{"id":1}' })).rejects.toThrow('fetch failed');
    expect(calls).toBe(3);
  });
});
