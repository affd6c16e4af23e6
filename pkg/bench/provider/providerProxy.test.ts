import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ALCHEMY_LIMITS, type ProviderLimits } from './alchemy';
import { startProviderProxy, type ProviderProxy } from './providerProxy';

interface Entry {
  id: number;
  method: string;
  params: unknown[];
}

/** A three-block world (30 minutes apart: presented at 0, 150, 300) whose every eth_getLogs finds three logs in block 1. */
async function fakeWorld(): Promise<{ url: string; server: Server; asked: Entry[] }> {
  const asked: Entry[] = [];
  const answer = (entry: Entry): unknown => {
    asked.push(entry);
    switch (entry.method) {
      case 'eth_blockNumber':
        return '0x2';
      case 'eth_getBlockByNumber': {
        const n = Number(BigInt(entry.params[0] as string));
        return {
          number: `0x${n.toString(16)}`,
          hash: `0x${String(n + 1).repeat(64)}`,
          parentHash: `0x${String(n).repeat(64)}`,
          timestamp: `0x${(n * 1_800).toString(16)}`,
          gasUsed: '0x0',
          gasLimit: '0x64',
          baseFeePerGas: '0x1',
          transactions: [],
        };
      }
      case 'eth_getLogs':
        return [0, 1, 2].map((i) => ({ blockNumber: '0x1', logIndex: `0x${i}`, address: '0xaa', topics: [] }));
      default:
        return '0x';
    }
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Entry | Entry[];
      const reply = (entry: Entry) => ({ jsonrpc: '2.0', id: entry.id, result: answer(entry) });
      response.end(JSON.stringify(Array.isArray(body) ? body.map(reply) : reply(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, asked };
}

const post = async (proxy: ProviderProxy, body: unknown) => {
  const response = await fetch(proxy.url, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as unknown };
};
const entry = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: '2.0', id, method, params });

describe('the provider proxy', () => {
  let world: Awaited<ReturnType<typeof fakeWorld>>;
  const proxies: ProviderProxy[] = [];
  let clock = 0;
  const start = async (limits: Partial<ProviderLimits> = {}, latencyMs = 0) => {
    const proxy = await startProviderProxy({
      target: world.url,
      limits: { ...ALCHEMY_LIMITS, ...limits },
      latencyMs,
      now: () => clock,
    });
    proxies.push(proxy);
    return proxy;
  };

  beforeEach(async () => {
    world = await fakeWorld();
    clock = 0;
  });
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    world.server.close();
  });

  it('charges each entry of a batch its compute units, and presents the head at mainnet density', async () => {
    const proxy = await start();
    const answer = await post(proxy, [
      entry(1, 'eth_blockNumber'),
      entry(2, 'eth_call', [{}, '0x97']),
      entry(3, 'eth_chainId'),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0x12c' },
      { jsonrpc: '2.0', id: 2, result: '0x' },
      { jsonrpc: '2.0', id: 3, result: '0x' },
    ]);
    // 10 + 26 + 0; the call at presented block 151 read world block 1.
    expect(proxy.stats()).toMatchObject({ requests: 1, entries: 3, computeUnits: 36, throttled: 0 });
    expect(world.asked.find((e) => e.method === 'eth_call')?.params[1]).toBe('0x1');
  });

  it('refuses a batch over the limit, whole', async () => {
    const proxy = await start({ maxBatch: 2 });
    const answer = await post(proxy, [
      entry(1, 'eth_blockNumber'),
      entry(2, 'eth_blockNumber'),
      entry(3, 'eth_blockNumber'),
    ]);
    expect(answer.status).toBe(400);
    expect(proxy.stats()).toMatchObject({ batchesRefused: 1, entries: 0, computeUnits: 0 });
  });

  it('answers 429 past the budget, charges nothing for it, and serves again once the bucket refilled', async () => {
    // 10 CU/s over 10 s: 100 units.
    const proxy = await start({ unitsPerSecond: 10, windowSeconds: 10 });
    expect(
      (
        await post(proxy, [
          entry(1, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x0' }]),
          entry(2, 'eth_call', [{}, 'latest']),
        ])
      ).status
    ).toBe(200); // 86: 14 left
    const refused = await post(proxy, [entry(3, 'eth_getLogs', [{}])]); // 60 > 14
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 429 } });
    clock += 4_600; // 14 + 46 = 60
    expect((await post(proxy, entry(4, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x0' }]))).status).toBe(200);
    expect(proxy.stats()).toMatchObject({
      requests: 3,
      entries: 3,
      computeUnits: 146,
      throttled: 1,
      throttledUnits: 60,
    });
  });

  it("refuses a wide eth_getLogs past the result cap in Alchemy's words, and renumbers the logs it answers", async () => {
    const proxy = await start({ logsAnyCountRange: 100, logsMaxResults: 2 });
    // Presented 0–300 (301 blocks) holds world blocks 0–2: three logs, over the cap of 2.
    const wide = await post(proxy, entry(1, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x12c' }]));
    expect(wide.body).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/block range should work: \[0x0, 0x63\]$/) as string },
    });
    // Presented 100–199 (100 blocks) holds world block 1 (presented 150): answered whatever it holds.
    const narrow = (await post(proxy, entry(2, 'eth_getLogs', [{ fromBlock: '0x64', toBlock: '0xc7' }]))).body as {
      result: Array<{ blockNumber: string }>;
    };
    expect(narrow.result.map((log) => log.blockNumber)).toEqual(['0x96', '0x96', '0x96']);
    expect(world.asked.filter((e) => e.method === 'eth_getLogs').map((e) => e.params[0])).toEqual([
      { fromBlock: '0x0', toBlock: '0x2' },
      { fromBlock: '0x1', toBlock: '0x1' },
    ]);
    expect(proxy.stats()).toMatchObject({ logsRefused: 1, computeUnits: 120 });
  });

  it('adds its latency to every request', async () => {
    const proxy = await start({}, 80);
    const started = performance.now();
    await post(proxy, entry(1, 'eth_blockNumber'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });
});
