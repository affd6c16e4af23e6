/**
 * For the tests: a local HTTP server on 127.0.0.1 shaped like the API under test. Each test sets
 * `standIn.handle` to answer as the real API would (or would not), and reads back what was asked.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FetchJsonDependencies } from '../http';

export type StandInRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw request URL (path and query), to check what it carries. */
  rawUrl: string;
  body: string;
};

/** `body` is sent as JSON unless `raw` is set; `hang` never answers. */
export type StandInReply = { status: number; body?: unknown; raw?: string; headers?: Record<string, string> } | 'hang';

export type StandInHandler = (request: StandInRequest) => StandInReply;

export type StandIn = {
  url: string;
  requests: StandInRequest[];
  handle: StandInHandler;
  close(): Promise<void>;
};

export async function startStandIn(): Promise<StandIn> {
  const standIn: StandIn = {
    url: '',
    requests: [],
    handle: () => ({ status: 500, body: { error: 'no handler set' } }),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: StandInRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawUrl: req.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      standIn.requests.push(request);
      const reply = standIn.handle(request);
      if (reply === 'hang') {
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.raw ?? JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}

/** Dependencies that record the waits instead of waiting, so retry and polling tests are instant. */
export function recordingDeps(): { delays: number[]; deps: FetchJsonDependencies } {
  const delays: number[] = [];
  return { delays, deps: { sleep: async (ms) => void delays.push(ms), random: () => 1 } };
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}
