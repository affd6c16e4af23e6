/**
 * The wire's side of a cancelled QueryData, in process: the handler's signal aborts when the client
 * cancels the call, the call ends CANCELLED for the client, nothing is logged as an error, and the
 * server answers the next call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { status as grpcStatus } from '@grpc/grpc-js';

import { connectPlugin } from '../testing/pluginClient';
import type { BackendHandlers, QueryDataResponse } from './backend';
import { createLogger } from './log';
import { createRedactor } from './redactor';
import { serve, type RunningServer } from './server';

describe('QueryData cancelled by the client', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'pmm-server-test-'));
  const socketPath = path.join(folder, 'plugin.sock');
  const lines: string[] = [];
  let server: RunningServer;
  let started: () => void = () => undefined;
  const handlerStarted = () => new Promise<void>((resolve) => (started = resolve));
  /** Resolves with whether the handler's signal aborted, once it did or the handler answered. */
  let sawCancel: Promise<boolean> = Promise.resolve(false);

  const handlers: BackendHandlers = {
    queryData: (request, signal) => {
      started();
      if (request.queries[0]?.refId !== 'wait') {
        return Promise.resolve(new Map([['A', { frames: [], status: 200 }]]) as QueryDataResponse);
      }
      // Works until cancelled, as the engine does, then throws as a cancelled query does.
      const cancelled = new Promise<boolean>((resolve) => signal?.addEventListener('abort', () => resolve(true)));
      sawCancel = cancelled;
      return cancelled.then(() => Promise.reject(new Error('the query was cancelled by its caller')));
    },
    checkHealth: async () => ({ status: 'ok', message: '' }),
    collectMetrics: async () => '',
    callResource: async () => ({ code: 404, body: Buffer.alloc(0) }),
  };

  beforeAll(async () => {
    server = await serve({
      handlers,
      address: `unix:${socketPath}`,
      log: createLogger({ redactor: createRedactor(), level: 'debug', write: (line) => lines.push(line) }),
      redactor: createRedactor(),
      onShutdown: () => undefined,
    });
  });

  afterAll(() => {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("aborts the handler's signal, logs no error and answers the next call", async () => {
    const client = connectPlugin(socketPath);
    try {
      const running = handlerStarted();
      const call = client.queryDataCancellable({ queries: [{ refId: 'wait' } as never] });
      await running;
      call.cancel();
      await expect(call.answer).rejects.toMatchObject({ code: grpcStatus.CANCELLED });
      expect(await sawCancel).toBe(true);
      const next = await client.queryData({ queries: [{ refId: 'A' } as never] });
      expect(Object.keys(next.responses)).toEqual(['A']);
      const levels = lines.map((line) => (JSON.parse(line) as Record<string, string>)['@level']);
      expect(levels).not.toContain('error');
      expect(lines.some((line) => line.includes('QueryData cancelled by the host'))).toBe(true);
    } finally {
      client.close();
    }
  });
});
