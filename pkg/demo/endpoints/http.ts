/** A small JSON router on node:http: the demo's endpoints need nothing more. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { PmmError } from '../../../src/core/errors';

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  params: Record<string, string>;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: JsonRequest) => JsonResponse | Promise<JsonResponse>;

export interface Route {
  method: 'GET' | 'POST';
  /** Path with `:name` segments. */
  pattern: string;
  handler: Handler;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): JsonResponse => ({
  status,
  body,
  headers,
});

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      params[want[i].slice(1)] = decodeURIComponent(got[i]);
    } else if (want[i] !== got[i]) {
      return undefined;
    }
  }
  return params;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

async function handle(routes: readonly Route[], request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let result: JsonResponse;
  try {
    const route = routes
      .map((r) => ({ r, params: r.method === request.method ? match(r.pattern, url.pathname) : undefined }))
      .find((candidate) => candidate.params);
    if (!route?.params) {
      result = json(404, { error: `no endpoint ${request.method} ${url.pathname}` });
    } else {
      let body: unknown;
      try {
        body = await readBody(request);
      } catch {
        result = json(400, { error: 'the request body is not valid JSON' });
        return send(response, result);
      }
      result = await route.r.handler({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
        params: route.params,
      });
    }
  } catch (error) {
    result = json(500, { error: error instanceof Error ? error.message : String(error) });
  }
  send(response, result);
}

function send(response: ServerResponse, result: JsonResponse) {
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
  response.end(text);
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serve(routes: readonly Route[], port = 0): Promise<RunningServer> {
  const server: Server = createServer((request, response) => void handle(routes, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PmmError('demo endpoints', `port ${port} on 127.0.0.1 is in use`, {
              fix: 'pass a free --endpoints-port',
            })
          : error
      )
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
