/**
 * Fuzz, in process: 1,000 generated QueryData requests (settings, secrets and up to four queries each)
 * through the backend's own handlers and the wire's Arrow encoding, as the gRPC server runs them.
 * Every query must get an answer of its own, status 200 with frames or a clear error with the status
 * its fault sets (no JavaScript runtime error leaking through); no call may throw; the process must
 * not be asked to exit.
 */
import fc from 'fast-check';

import { createHandlers } from '../../pkg/backend/handlers';
import { queryDataResponseToProto } from '../../pkg/backend/wire/convert';
import { createLogger } from '../../pkg/backend/wire/log';
import { createRedactor } from '../../pkg/backend/wire/redactor';
import { closedPort } from '../faults/faultProxy';
import { fuzzRequest, isClearError, type FuzzRequest } from './arbitraries';

jest.setTimeout(120_000);

/** Requests sent at once, as Grafana does; fast-check shrinks a failing batch to the request at fault. */
const BATCH = 50;
const RUNS = 20;

describe('QueryData under generated requests', () => {
  const logLines: string[] = [];
  const redactor = createRedactor();
  const backend = createHandlers({
    redactor,
    log: createLogger({ redactor, level: 'debug', write: (l) => logLines.push(l) }),
  });
  let closedPorts: number[] = [];
  let run = 0;
  const exits: unknown[] = [];
  const onExit = (code: unknown) => exits.push(code);

  beforeAll(async () => {
    closedPorts = [await closedPort(), await closedPort()];
    process.on('exit', onExit);
  });

  afterAll(() => {
    process.off('exit', onExit);
    backend.close();
  });

  async function send(request: FuzzRequest) {
    run++;
    return backend.handlers.queryData({
      pluginContext: {
        orgId: 1,
        pluginId: 'halo-pmm-datasource',
        pluginVersion: '0.1.0',
        dataSourceInstanceSettings: {
          id: run,
          // A fresh uid each run: every generated config is parsed and gets its own engine.
          uid: `fuzz-${run}`,
          name: 'fuzz',
          jsonData: request.jsonData,
          decryptedSecureJsonData: request.secrets,
          lastUpdatedMs: run,
        },
      },
      headers: {},
      queries: request.queries.map((q) => ({
        refId: q.refId,
        maxDataPoints: q.maxDataPoints,
        intervalMs: q.intervalMs,
        timeRange: { fromMs: q.fromMs, toMs: q.toMs },
        json: q.json,
        queryType: '',
      })),
    });
  }

  let queries = 0;
  let errors = 0;
  let withData = 0;

  async function check(request: FuzzRequest): Promise<void> {
    const responses = await send(request);
    // Encoded as the gRPC server does: a frame Arrow cannot write must fail here, not in Grafana.
    const proto = await queryDataResponseToProto(responses, redactor);
    expect([...responses.keys()].sort()).toEqual(request.queries.map((q) => q.refId).sort());
    for (const query of request.queries) {
      const answer = responses.get(query.refId);
      queries++;
      if (answer?.error) {
        errors++;
        // The status its fault sets (pkg/backend/handlers/errors.ts): only our own failure is "plugin".
        expect([400, 500, 502]).toContain(answer.status);
        expect(answer.errorSource).toBe(answer.status === 500 ? 'plugin' : 'downstream');
        if (!isClearError(answer.error)) {
          throw new Error(`query ${query.refId} got an unclear error: ${answer.error}`);
        }
        expect(answer.frames).toEqual([]);
      } else {
        withData++;
        expect(answer?.status ?? 200).toBe(200);
        expect(answer?.frames.length).toBeGreaterThan(0);
        expect(proto.responses[query.refId].frames.length).toBe(answer?.frames.length);
      }
    }
  }

  it(`answers each of ${BATCH * RUNS} generated requests, every query with frames or a clear error`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzRequest(closedPorts), { minLength: BATCH, maxLength: BATCH }), async (requests) => {
        await Promise.all(requests.map(check));
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) }
    );
    expect(queries).toBeGreaterThanOrEqual(BATCH * RUNS);
    // Both paths were taken: some generated queries were answered with data, others with errors.
    expect(errors).toBeGreaterThan(0);
    expect(withData).toBeGreaterThan(0);
    expect(exits).toEqual([]);
    expect(logLines.filter((line) => /uncaught|unhandled/i.test(line))).toEqual([]);
  });
});
