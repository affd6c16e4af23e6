/**
 * A misbehaving network in front of a healthy one: an HTTP server on 127.0.0.1 that forwards to a
 * target (anvil, or the demo's HTTP endpoints) and, when told, plays the failures real nodes and APIs
 * show — latency, silence, 429 with Retry-After, 5xx, broken JSON, JSON-RPC batches answered out of
 * order or with entries left out, a node lagging N blocks behind, and a dead port. The fault can be
 * switched between requests, so one test walks a running engine or backend through all of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buffer } from 'node:stream/consumers';

export type Fault =
  | { kind: 'pass' }
  /** Answers correctly, this much later. */
  | { kind: 'latency'; ms: number }
  /** Accepts the request and never answers (until the proxy closes). */
  | { kind: 'hang' }
  /** Answers this HTTP status (429, 500, 502, 503…), with a Retry-After header when given. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** HTTP 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** JSON-RPC: a batch's answers in reverse order. */
  | { kind: 'batch-reorder' }
  /** JSON-RPC: a batch's answer leaves out every `every`-th entry (the first one included). */
  | { kind: 'batch-drop'; every: number }
  /** JSON-RPC: the node's head is `blocks` behind the target's (eth_blockNumber and "latest" rewritten). */
  | { kind: 'behind'; blocks: number };

export interface SetFaultOptions {
  /** Only the next `times` requests get the fault; then the proxy passes again. Default: until changed. */
  times?: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** HTTP requests received since the last reset (a JSON-RPC batch counts once). */
  readonly requests: number;
  /** Requests that got the fault (not passed through untouched). */
  readonly faulted: number;
  /** JSON-RPC methods received, batch entries included. */
  readonly methods: string[];
  set(fault: Fault, options?: SetFaultOptions): void;
  reset(): void;
  /** Closes the port and drops every connection: from now on the node is dead. */
  kill(): Promise<void>;
}

interface RpcRequest {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown[];
}

interface RpcResponse {
  id?: number | string | null;
  result?: unknown;
  error?: unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const base = target.replace(/\/+$/, '');
  let fault: Fault = { kind: 'pass' };
  let remaining = Number.POSITIVE_INFINITY;
  const counters = { requests: 0, faulted: 0, methods: [] as string[] };
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  /** The fault for this request, counting down a limited one. */
  const take = (): Fault => {
    if (fault.kind === 'pass' || remaining <= 0) {
      return { kind: 'pass' };
    }
    remaining--;
    counters.faulted++;
    return fault;
  };

  const forward = async (
    request: IncomingMessage,
    body: Buffer
  ): Promise<{ status: number; headers: Headers; body: Buffer }> => {
    const upstream = await fetch(`${base}${request.url ?? '/'}`, {
      method: request.method,
      headers: forwardedHeaders(request),
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    return { status: upstream.status, headers: upstream.headers, body: Buffer.from(await upstream.arrayBuffer()) };
  };

  const rpc = async (entries: RpcRequest[]): Promise<RpcResponse[]> => {
    const upstream = await fetch(base, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(entries) });
    const answer: unknown = await upstream.json();
    return Array.isArray(answer) ? (answer as RpcResponse[]) : [answer as RpcResponse];
  };

  /** A lagging node: its head is `blocks` lower, and "latest" means that lower head. */
  const behind = async (body: RpcRequest | RpcRequest[], blocks: number): Promise<unknown> => {
    const entries = Array.isArray(body) ? body : [body];
    const [headAnswer] = await rpc([{ jsonrpc: '2.0', id: 0, method: 'eth_blockNumber', params: [] }]);
    const head = BigInt(String(headAnswer.result));
    const lagging = head > BigInt(blocks) ? head - BigInt(blocks) : 0n;
    const tag = `0x${lagging.toString(16)}`;
    const rewritten = entries.map((entry) => ({
      ...entry,
      params: entry.params?.map((param) => (param === 'latest' || param === 'pending' ? tag : param)),
    }));
    const answers = await rpc(rewritten);
    const byId = new Map(answers.map((answer) => [answer.id, answer]));
    const out = entries.map((entry) =>
      entry.method === 'eth_blockNumber' ? { jsonrpc: '2.0', id: entry.id, result: tag } : byId.get(entry.id)
    );
    return Array.isArray(body) ? out : out[0];
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await buffer(request);
    counters.requests++;
    const parsed = parseRpc(raw);
    if (parsed !== undefined) {
      counters.methods.push(...(Array.isArray(parsed) ? parsed : [parsed]).map((entry) => String(entry.method)));
    }
    const now = take();
    switch (now.kind) {
      case 'hang':
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      case 'status':
        response.writeHead(now.status, {
          'content-type': 'text/plain',
          ...(now.retryAfter !== undefined ? { 'retry-after': now.retryAfter } : {}),
        });
        response.end(`fault proxy: HTTP ${now.status}`);
        return;
      case 'malformed':
        response.writeHead(200, JSON_HEADERS).end('{"jsonrpc":"2.0","result":[1,2,');
        return;
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, now.ms));
        break;
      case 'behind':
        if (parsed !== undefined) {
          response.writeHead(200, JSON_HEADERS).end(JSON.stringify(await behind(parsed, now.blocks)));
          return;
        }
        break;
      case 'batch-reorder':
      case 'batch-drop':
        if (Array.isArray(parsed)) {
          const answers = await rpc(parsed);
          const out =
            now.kind === 'batch-reorder'
              ? [...answers].reverse()
              : answers.filter((_, i) => i % Math.max(1, now.every) !== 0);
          response.writeHead(200, JSON_HEADERS).end(JSON.stringify(out));
          return;
        }
        break;
      case 'pass':
        break;
    }
    const upstream = await forward(request, raw);
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      // fetch already decoded the body; its length and encoding are ours to set.
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) {
        headers[name] = value;
      }
    });
    response.writeHead(upstream.status, headers).end(upstream.body);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/plain' });
      }
      response.end(`fault proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return counters.requests;
    },
    get faulted() {
      return counters.faulted;
    },
    get methods() {
      return counters.methods;
    },
    set(next, options = {}) {
      fault = next;
      remaining = options.times ?? Number.POSITIVE_INFINITY;
    },
    reset() {
      fault = { kind: 'pass' };
      remaining = Number.POSITIVE_INFINITY;
      counters.requests = 0;
      counters.faulted = 0;
      counters.methods = [];
    },
    kill() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      });
      return closed;
    },
  };
}

function forwardedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) {
      headers[name] = value;
    }
  }
  return headers;
}

function parseRpc(raw: Buffer): RpcRequest | RpcRequest[] | undefined {
  if (raw.length === 0) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    const isEntry = (v: unknown): v is RpcRequest => typeof v === 'object' && v !== null && 'method' in v;
    if (Array.isArray(value) && value.every(isEntry)) {
      return value;
    }
    return isEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A port nothing listens on: a node there is dead from the start. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
