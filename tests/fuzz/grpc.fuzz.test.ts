/**
 * Fuzz, over the real wire: 300 generated requests (the same arbitraries as the in-process fuzz)
 * sent as Grafana sends them, protobuf over gRPC to the backend running as a child process. Each
 * query gets its own answer (status 200 and frames, or a clear error with its status), no call fails at the gRPC level,
 * and the process is alive, serving and has logged no crash at the end.
 */
import fc from 'fast-check';

import { spawnPlugin, type ChildPlugin } from '../../pkg/backend/testing/childPlugin';
import { connectPlugin, type PluginClient } from '../../pkg/backend/testing/pluginClient';
import { SERVING_STATUS, type ProtoPluginContext, type ProtoQueryDataRequest } from '../../pkg/backend/wire/protocol';
import { processAlive } from '../support/process';
import { closedPort } from '../faults/faultProxy';
import { fuzzRequest, isClearError, type FuzzRequest } from './arbitraries';

jest.setTimeout(90_000);

const BATCH = 50;
const RUNS = 6;

let child: ChildPlugin;
let client: PluginClient;
let closedPorts: number[];
let run = 0;

function protoOf(request: FuzzRequest): Partial<ProtoQueryDataRequest> {
  run++;
  return {
    pluginContext: {
      orgId: 1,
      pluginId: 'halo-pmm-datasource',
      dataSourceInstanceSettings: {
        id: run,
        uid: `grpc-fuzz-${run}`,
        name: 'fuzz',
        jsonData: request.jsonData,
        decryptedSecureJsonData: request.secrets,
        lastUpdatedMS: run,
      },
    } as unknown as ProtoPluginContext,
    queries: request.queries.map((q) => ({
      refId: q.refId,
      maxDataPoints: q.maxDataPoints,
      intervalMS: q.intervalMs,
      timeRange: { fromEpochMS: q.fromMs, toEpochMS: q.toMs },
      json: q.json,
      queryType: '',
    })),
  } as Partial<ProtoQueryDataRequest>;
}

beforeAll(async () => {
  [child, ...closedPorts] = await Promise.all([spawnPlugin(), closedPort(), closedPort()]);
  client = connectPlugin(child.socketPath);
});

afterAll(() => {
  client?.close();
  child?.kill();
});

it(`answers ${BATCH * RUNS} generated requests over gRPC and keeps serving`, async () => {
  let queries = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fuzzRequest(closedPorts), { minLength: BATCH, maxLength: BATCH }), async (requests) => {
      await Promise.all(
        requests.map(async (request) => {
          const { responses } = await client.queryData(protoOf(request));
          for (const query of request.queries) {
            const answer = responses[query.refId];
            queries++;
            if (answer?.error) {
              // The status its fault sets (pkg/backend/handlers/errors.ts): only our own failure is "plugin".
              expect([400, 500, 502]).toContain(answer.status);
              expect(answer.errorSource).toBe(answer.status === 500 ? 'plugin' : 'downstream');
            } else {
              expect(answer?.status).toBe(200);
            }
            if (answer.error) {
              if (!isClearError(answer.error)) {
                throw new Error(`query ${query.refId} got an unclear error: ${answer.error}`);
              }
            } else {
              expect(answer.frames.length).toBeGreaterThan(0);
            }
          }
        })
      );
    }),
    { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) }
  );
  expect(queries).toBeGreaterThanOrEqual(BATCH * RUNS);
  expect(processAlive(child.process.pid ?? -1)).toBe(true);
  await expect(client.health('plugin')).resolves.toEqual({ status: SERVING_STATUS.SERVING });
  expect(child.stderr()).not.toMatch(/uncaught exception|unhandled rejection/);
});
