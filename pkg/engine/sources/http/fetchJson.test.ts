import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { fetchJson } from './fetchJson';
import { HttpSourceError } from './httpSourceError';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const text =
  (status: number, body: string): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  };
const never: Reply = () => undefined;
const stallAfterHeaders: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"price":');
};

// The server answers from a script: each request takes the next reply; the last one repeats.
let replies: Reply[] = [];
let requests: IncomingMessage[] = [];
let server: Server;
let base: string;

function script(...next: Reply[]): void {
  replies = next;
  requests = [];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    const reply = replies.length > 1 ? replies.shift()! : replies[0];
    reply(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Records the waits instead of waiting, so retry tests are fast and can assert the delays. */
function recordingDeps(random = (): number => 1): { delays: number[]; deps: Parameters<typeof fetchJson>[1] } {
  const delays: number[] = [];
  return { delays, deps: { sleep: async (ms) => void delays.push(ms), random } };
}

async function failure(promise: Promise<unknown>): Promise<HttpSourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpSourceError);
    return error as HttpSourceError;
  }
  throw new Error('expected the request to fail');
}

const isPrice = (value: unknown): { price: number } => {
  if (typeof value === 'object' && value !== null && 'price' in value && typeof value.price === 'number') {
    return { price: value.price };
  }
  throw new Error('no numeric price');
};

describe('fetchJson', () => {
  it('returns the parsed JSON of a 200', async () => {
    script(json(200, { price: 3120.5 }));
    const result = await fetchJson({ source: 'coingecko', url: `${base}/price`, parse: isPrice });
    expect(result).toEqual({ price: 3120.5 });
    expect(requests[0].headers.accept).toBe('application/json');
  });

  it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    script(json(429, {}, { 'retry-after': '1' }), json(200, { price: 1 }));
    const { delays, deps } = recordingDeps();
    await expect(fetchJson({ source: 'coingecko', url: `${base}/p`, parse: isPrice }, deps)).resolves.toEqual({
      price: 1,
    });
    expect(requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
  });

  it('caps a long Retry-After', async () => {
    script(json(503, {}, { 'retry-after': '3600' }), json(200, { price: 1 }));
    const { delays, deps } = recordingDeps();
    await fetchJson({ source: 'coingecko', url: `${base}/p`, maxRetryAfterMs: 2000 }, deps);
    expect(delays).toEqual([2000]);
  });

  it('retries 503 twice with growing jittered backoff, then succeeds', async () => {
    script(json(503, {}), json(503, {}), json(200, { price: 2 }));
    const { delays, deps } = recordingDeps(() => 0.5);
    await expect(fetchJson({ source: 'coingecko', url: `${base}/p`, parse: isPrice }, deps)).resolves.toEqual({
      price: 2,
    });
    expect(requests).toHaveLength(3);
    expect(delays).toEqual([125, 250]);
  });

  it('gives up after N retries on a persistent 500, naming source and status', async () => {
    script(json(500, {}));
    const { delays, deps } = recordingDeps();
    const error = await failure(fetchJson({ source: 'quote-log', url: `${base}/fills`, retries: 3 }, deps));
    expect(requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    expect(error).toMatchObject({ source: 'quote-log', status: 500, reason: 'status', attempts: 4 });
    expect(error.message).toContain('quote-log');
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain(`${base}/fills`);
  });

  it('does not retry a 404', async () => {
    script(json(404, {}));
    const { delays, deps } = recordingDeps();
    const error = await failure(fetchJson({ source: 'coingecko', url: `${base}/nope` }, deps));
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
  });

  it('points 401 at the API key and 429 at the refresh rate', async () => {
    script(json(401, {}));
    const unauthorised = await failure(fetchJson({ source: 'coingecko', url: `${base}/p` }));
    expect(unauthorised.fix).toBe("check the API key in the data source's secure settings");

    script(json(429, {}));
    const limited = await failure(fetchJson({ source: 'coingecko', url: `${base}/p`, retries: 0 }));
    expect(limited.fix).toBe("rate limited: lower the refresh rate or raise the plan's limit");
  });

  it('reports a body that is not JSON', async () => {
    script(text(200, '<html>maintenance</html>'));
    const error = await failure(fetchJson({ source: 'coingecko', url: `${base}/p` }));
    expect(requests).toHaveLength(1);
    expect(error.reason).toBe('json');
    expect(error.message).toContain('the endpoint did not return JSON');
  });

  it('times out a server that never answers, within the deadline', async () => {
    script(never);
    const started = Date.now();
    const error = await failure(
      fetchJson({ source: 'quote-log', url: `${base}/hang`, timeoutMs: 100, retries: 10, deadlineMs: 350 })
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/did not answer within \d+ ms/);
  });

  it('times out a server that sends headers then stalls the body', async () => {
    script(stallAfterHeaders);
    const started = Date.now();
    const error = await failure(fetchJson({ source: 'quote-log', url: `${base}/stall`, timeoutMs: 100, retries: 0 }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.reason).toBe('timeout');
  });

  it('retries then reports an endpoint that refuses connections', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const { delays, deps } = recordingDeps();
    const error = await failure(
      fetchJson({ source: 'coingecko', url: `http://127.0.0.1:${port}/p?apiKey=SECRET123`, retries: 2 }, deps)
    );
    expect(delays).toHaveLength(2);
    expect(error.reason).toBe('network');
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET123');
  });

  it('names the source when parse rejects the shape', async () => {
    script(json(200, { price: 'n/a' }));
    const error = await failure(fetchJson({ source: 'coingecko', url: `${base}/p`, parse: isPrice }));
    expect(error.reason).toBe('shape');
    expect(error.message).toContain('coingecko: unexpected response shape');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('stops when the caller cancels, without retrying', async () => {
    script(never);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      fetchJson({ source: 'coingecko', url: `${base}/p`, timeoutMs: 5000, signal: controller.signal })
    );
    expect(error.reason).toBe('cancelled');
    expect(requests).toHaveLength(1);
  });
});

describe('fetchJson keeps secrets out of errors', () => {
  const leaks = (error: HttpSourceError, secret: string): boolean =>
    [error.message, error.url, String(error.fix), inspect(error, { depth: 10 })].some((s) => s.includes(secret));

  it('drops a query-string key from status errors', async () => {
    script(json(401, {}));
    const error = await failure(fetchJson({ source: 'coingecko', url: `${base}/p?apiKey=SECRET123&ids=eth` }));
    expect(error.url).toBe(`${base}/p`);
    expect(leaks(error, 'SECRET123')).toBe(false);
  });

  it('masks a key the body echoes into the JSON parser message', async () => {
    script(text(200, 'invalid key SECRET123'));
    const error = await failure(fetchJson({ source: 'coingecko', url: `${base}/p?apiKey=SECRET123` }));
    expect(error.cause).toBeInstanceOf(Error);
    expect(leaks(error, 'SECRET123')).toBe(false);
  });

  it('sends userinfo as Basic auth and keeps it out of errors', async () => {
    script(json(500, {}));
    const url = base.replace('http://', 'http://user:SECRET456@');
    const error = await failure(fetchJson({ source: 'quote-log', url: `${url}/fills`, retries: 0 }));
    expect(requests[0].headers.authorization).toBe(`Basic ${Buffer.from('user:SECRET456').toString('base64')}`);
    expect(leaks(error, 'SECRET456')).toBe(false);
    expect(leaks(error, Buffer.from('user:SECRET456').toString('base64'))).toBe(false);
  });

  it('keeps an https URL with credentials out of errors when the host is unreachable', async () => {
    const { deps } = recordingDeps();
    const error = await failure(
      fetchJson({ source: 'quote-log', url: 'https://user:SECRET456@127.0.0.1:1/x?apiKey=SECRET123', retries: 1 }, deps)
    );
    expect(leaks(error, 'SECRET456')).toBe(false);
    expect(leaks(error, 'SECRET123')).toBe(false);
  });

  it('does not echo an invalid URL', async () => {
    const error = await failure(fetchJson({ source: 'coingecko', url: 'ht!tp://SECRET123 nope' }));
    expect(error.reason).toBe('invalid-url');
    expect(leaks(error, 'SECRET123')).toBe(false);
  });
});
