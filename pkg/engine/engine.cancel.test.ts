/**
 * A cancelled engine query stops reading: on a stand-in node (a viem custom transport that counts what
 * it is asked, under the store of unchanging answers as every default client has it), a query aborted
 * after its first reads sends nothing more once the reads already sent are answered, rejects with the
 * cancellation, and an identical query afterwards reuses what the first one read.
 */
import { createPublicClient, custom, type Chain } from 'viem';

import demoSettings from '../demo/demo-settings.json';
import type { PmmSettings } from '../../src/core/settings/types';
import { createEngine, type EngineQuery } from './engine';
import { createChainReads, withChainReads } from './sources/rpc/chainReads';
import type { RpcClient } from './sources/rpc/rpcClient';
import { BLOCK_S, gasChainAnswer, GWEI, T0_S, type GasChain } from './testing/gasChain';

const settings = demoSettings as PmmSettings;

/** The head is block HEAD. */
const HEAD = 3_000n;
/** Even blocks pay 1 gwei, odd ones 3: the base fee's mean is 2 gwei and its deviation 1, so its variation is 50 %. */
const baseFee = (n: bigint) => (n % 2n === 0n ? GWEI : 3n * GWEI);
const hash = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`;
const gasChain: GasChain = { head: () => HEAD, baseFee, hash };

/** The stand-in node: counts every request it receives; holds the answers from the `holdFrom`th on until released. */
function standInNode() {
  let received = 0;
  let holdFrom = Infinity;
  const held: Array<() => void> = [];
  const transport = custom(
    {
      request: async ({ method, params }: { method: string; params?: readonly unknown[] }) => {
        received++;
        await new Promise<void>((resolve) => (received >= holdFrom ? held.push(resolve) : setImmediate(resolve)));
        return gasChainAnswer(gasChain, method, params ?? []);
      },
    },
    { retryCount: 0 }
  );
  const chain = {
    id: 1,
    name: 'stand-in',
    nativeCurrency: { name: 'E', symbol: 'E', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    contracts: { multicall3: { address: '0xcA11bde05977b3631167028862bE2a173976CA11' } },
  } as unknown as Chain;
  const client = createPublicClient({
    chain,
    transport: withChainReads(transport, createChainReads()),
    batch: { multicall: true },
  }) as RpcClient;
  return {
    client,
    received: () => received,
    inFlight: () => held.length,
    holdFrom: (n: number) => (holdFrom = n),
    release: () => {
      holdFrom = Infinity;
      held.splice(0).forEach((resolve) => resolve());
    },
  };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};

const END_MS = (T0_S + Number(HEAD) * BLOCK_S) * 1000;
/** The last hour of the chain; the gas KPI reads the 24 h before its end: 1,440 blocks' base fees and headers. */
const QUERY: EngineQuery = {
  fromMs: END_MS - 3_600_000,
  toMs: END_MS,
  maxDataPoints: 10,
  intervalMs: 360_000,
  kpis: ['gas_price_impact'],
  series: false,
};

const engineOn = (client: RpcClient) => createEngine(settings, {}, { client, now: () => END_MS + 86_400_000 });

/** Starts `QUERY` on `node`'s engine, the node holding its answers from the `reads`th on, then cancels it. */
async function cancelAfter(node: ReturnType<typeof standInNode>, engine: ReturnType<typeof engineOn>, reads: number) {
  const caller = new AbortController();
  // The query reads a little, then the node holds its answers: every read sent arrives and waits.
  node.holdFrom(reads);
  const cancelled = engine.query(QUERY, caller.signal);
  for (let i = 0; i < 1_000 && node.received() < reads; i++) {
    await ticks(1);
  }
  await ticks(50);
  const sent = node.received();
  const inFlight = node.inFlight();
  caller.abort();
  node.release();
  await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled', source: 'cancelled' });
  await ticks(100);
  return { sent, inFlight };
}

describe('a cancelled engine query', () => {
  it('sends no read after the cancellation beyond those in flight, and leaves what it read to the next query', async () => {
    // The same query, never cancelled, on a node of its own: what a whole query reads.
    const whole = standInNode();
    const uncancelled = await engineOn(whole.client).query(QUERY);
    const wholeCalls = whole.received();
    expect(uncancelled.outcomes[0].error).toBeUndefined();
    expect(uncancelled.outcomes[0].result?.value).toBeCloseTo(50, 0);
    expect(wholeCalls).toBeGreaterThan(1_000);

    const node = standInNode();
    const engine = engineOn(node.client);
    const { sent: sentBeforeCancel, inFlight } = await cancelAfter(node, engine, 5);
    expect(inFlight).toBeGreaterThan(0);
    expect(sentBeforeCancel).toBeLessThan(wholeCalls / 10);
    expect(node.received() - sentBeforeCancel).toBe(0);

    // The same query again on the same engine: it reuses what the cancelled one read (headers, the
    // block times found) and answers what the uncancelled one did.
    const again = await engine.query(QUERY);
    const secondCalls = node.received() - sentBeforeCancel;
    expect(again.outcomes[0].result?.value).toBe(uncancelled.outcomes[0].result?.value);
    expect(secondCalls).toBeLessThan(wholeCalls);
    expect(secondCalls + sentBeforeCancel).toBeGreaterThanOrEqual(wholeCalls);
  });

  it('lets the reads it already sent finish and keeps them: the next identical query reads almost nothing', async () => {
    const node = standInNode();
    const engine = engineOn(node.client);
    // Cancelled while its 1,441 block headers are being read (they are asked all at once).
    const { sent, inFlight } = await cancelAfter(node, engine, 200);
    expect(inFlight).toBeGreaterThan(1_000);
    expect(node.received()).toBe(sent);
    const again = await engine.query(QUERY);
    expect(again.outcomes[0].result?.value).toBeCloseTo(50, 0);
    // The head (a tag is never kept) and the token reads that failed (failures are never kept).
    expect(node.received() - sent).toBeLessThan(10);
  });
});
