/**
 * A JSON-RPC proxy for tests, in front of anvil: it counts HTTP requests (to prove batching), refuses
 * wide eth_getLogs as Infura does, and can play a node that answers 503. Tests only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestProxyOptions {
  target: string;
  /** eth_getLogs over more blocks than this gets Infura's -32005 refusal. */
  maxLogRange?: number;
  /** Answer every request with this HTTP status instead of forwarding it (e.g. 503). */
  status?: number;
}

export interface TestProxy {
  url: string;
  /** HTTP requests received (a JSON-RPC batch is one). */
  requests: number;
  /** eth_getLogs entries refused for their range. */
  refused: number;
  /** Every JSON-RPC method received, batch entries included. */
  methods: string[];
  /** The same requests with their parameters. */
  calls: Array<{ method: string; params?: unknown[] }>;
  reset(): void;
  close(): Promise<void>;
}

interface RpcEntry {
  id: number | string;
  jsonrpc: '2.0';
  method: string;
  params?: unknown[];
}

export async function startTestProxy(options: TestProxyOptions): Promise<TestProxy> {
  const state = {
    requests: 0,
    refused: 0,
    methods: [] as string[],
    calls: [] as Array<{ method: string; params?: unknown[] }>,
  };
  const server: Server = createServer((request, response) => {
    state.requests++;
    void (async () => {
      const body = JSON.parse(await readBody(request)) as RpcEntry | RpcEntry[];
      const entries = Array.isArray(body) ? body : [body];
      state.methods.push(...entries.map((entry) => entry.method));
      state.calls.push(...entries.map(({ method, params }) => ({ method, params })));
      if (options.status !== undefined) {
        response.writeHead(options.status, { 'content-type': 'text/plain' }).end('Service Unavailable');
        return;
      }
      const answers = await Promise.all(entries.map((entry) => answer(entry)));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  async function answer(entry: RpcEntry): Promise<unknown> {
    if (entry.method === 'eth_getLogs' && options.maxLogRange !== undefined && logRange(entry) > options.maxLogRange) {
      state.refused++;
      return {
        jsonrpc: '2.0',
        id: entry.id,
        error: { code: -32005, message: 'query returned more than 10000 results' },
      };
    }
    const forwarded = await fetch(options.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    return forwarded.json();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get refused() {
      return state.refused;
    },
    get methods() {
      return state.methods;
    },
    get calls() {
      return state.calls;
    },
    reset() {
      state.requests = 0;
      state.refused = 0;
      state.methods = [];
      state.calls = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function logRange(entry: RpcEntry): number {
  const filter = (entry.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
  if (typeof filter.fromBlock !== 'string' || typeof filter.toBlock !== 'string') {
    return Number.POSITIVE_INFINITY;
  }
  return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
