/**
 * Queries of one data source share their chain reads of the same blocks (gather/shared.ts): queries a
 * moment apart over the same relative range read the base fees of their blocks once; and the same
 * question asked again (an alert rule's warning and critical queries, sent with one evaluation time)
 * is answered from the dataset the first gathered. A chain that moved (a new head, or a reorg of the last block) is read
 * again, never answered from the reads of the blocks it replaced; a query cancelled while another
 * waits for the same read does not stop it.
 *
 * The stand-in node keeps no answer (no store of unchanging answers), so every eth_feeHistory it
 * counts is a read the engine made.
 */
import { createPublicClient, custom, type Chain } from 'viem';

import demoSettings from '../demo/demo-settings.json';
import type { PmmSettings } from '../../src/core/settings/types';
import { createEngine, type EngineQuery } from './engine';
import type { RpcClient } from './sources/rpc/rpcClient';
import { BLOCK_S, gasChainAnswer, GWEI, T0_S, type GasChain } from './testing/gasChain';

const settings = demoSettings as PmmSettings;

/** The head is block HEAD until the chain moves. */
const HEAD = 3_000n;
const END_MS = (T0_S + Number(HEAD) * BLOCK_S) * 1000;

/** A chain whose head can move and whose last block can be replaced (a reorg), counting eth_feeHistory. */
function standInChain() {
  let head = HEAD;
  /** Blocks replaced by a reorg: another hash and another base fee. */
  const replaced = new Map<bigint, bigint>();
  let feeHistories = 0;
  let headersByNumber = 0;
  let hold: Array<() => void> | undefined;
  // Even blocks pay 1 gwei, odd ones 3 (a variation of 50 %); a replaced block pays what it was given.
  const baseFee = (n: bigint) => replaced.get(n) ?? (n % 2n === 0n ? GWEI : 3n * GWEI);
  const hash = (n: bigint) => `0x${replaced.has(n) ? 'f' : '0'}${n.toString(16).padStart(63, '0')}`;
  const gasChain: GasChain = { head: () => head, baseFee, hash };
  const transport = custom(
    {
      request: async ({ method, params }: { method: string; params?: readonly unknown[] }) => {
        if (method === 'eth_getBlockByNumber' && params?.[0] !== 'latest') {
          headersByNumber++;
        }
        if (method === 'eth_feeHistory') {
          feeHistories++;
          const held = hold;
          await new Promise<void>((resolve) => (held ? held.push(resolve) : setImmediate(resolve)));
        } else {
          await new Promise((resolve) => setImmediate(resolve));
        }
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
  const client = createPublicClient({ chain, transport, batch: { multicall: true } }) as RpcClient;
  return {
    client,
    feeHistories: () => feeHistories,
    headersByNumber: () => headersByNumber,
    /** Mines a block paying `fee`. */
    mine: (fee: bigint) => {
      head++;
      replaced.set(head, fee);
    },
    /** Replaces the head block by another paying `fee`. */
    reorgHead: (fee: bigint) => replaced.set(head, fee),
    /** Holds eth_feeHistory answers until `release`. */
    holdFeeHistory: () => (hold = []),
    release: () => {
      const held = hold ?? [];
      hold = undefined;
      held.forEach((resolve) => resolve());
    },
  };
}

/**
 * The last hour before `endMs` plus `offsetMs`, for the gas KPI (which reads the 24 h before): two
 * offsets under a block interval apart ask for the same blocks, as a rule's two queries a moment apart do.
 */
const gasQuery = (endMs: number, offsetMs: number): EngineQuery => ({
  fromMs: endMs - 3_600_000 + offsetMs,
  toMs: endMs + offsetMs,
  maxDataPoints: 10,
  intervalMs: 360_000,
  kpis: ['gas_price_impact'],
  series: false,
});

const engineOn = (client: RpcClient) =>
  createEngine(settings, {}, { client, now: () => END_MS + 86_400_000, options: { maxStateBlocks: 2_000 } });

const valueOf = async (answer: Promise<{ outcomes: Array<{ result?: { value: number | null } }> }>) =>
  (await answer).outcomes[0].result?.value;

/** 1,441 blocks of the 24 h before a window ending at HEAD read in pages of 1,024: two eth_feeHistory calls. */
const PAGES = 2;

describe('queries of one data source sharing their chain reads', () => {
  it('read the base fees of the same blocks once, for queries a moment apart', async () => {
    const node = standInChain();
    const engine = engineOn(node.client);
    const first = await valueOf(engine.query(gasQuery(END_MS, 10_000)));
    expect(node.feeHistories()).toBe(PAGES);
    // Alternating 1 and 3 gwei: a standard deviation of 1 around a mean of 2.
    expect(first).toBeCloseTo(50, 6);
    const second = await valueOf(engine.query(gasQuery(END_MS, 20_000)));
    expect(node.feeHistories()).toBe(PAGES);
    expect(second).toBe(first);
    expect(engine.sharedStats().reads).toMatchObject({ runs: 1, hits: 1 });
  });

  it('read the new blocks again once the head moved, and answer what a fresh engine does', async () => {
    const node = standInChain();
    const engine = engineOn(node.client);
    const before = await valueOf(engine.query(gasQuery(END_MS, 10_000)));
    node.mine(1_000n * GWEI);
    const movedEnd = END_MS + BLOCK_S * 1000;
    const after = await valueOf(engine.query(gasQuery(movedEnd, 10_000)));
    expect(node.feeHistories()).toBe(2 * PAGES);
    expect(after).not.toBeCloseTo(before ?? 0, 1);
    expect(after).toBe(await valueOf(engineOn(node.client).query(gasQuery(movedEnd, 10_000))));
  });

  it('read the last block again once a reorg replaced it, and answer what a fresh engine does', async () => {
    const node = standInChain();
    const engine = engineOn(node.client);
    const before = await valueOf(engine.query(gasQuery(END_MS, 10_000)));
    node.reorgHead(1_000n * GWEI);
    const after = await valueOf(engine.query(gasQuery(END_MS, 20_000)));
    expect(node.feeHistories()).toBe(2 * PAGES);
    expect(after).not.toBeCloseTo(before ?? 0, 1);
    expect(after).toBe(await valueOf(engineOn(node.client).query(gasQuery(END_MS, 20_000))));
  });

  it('answer the same question asked again from the dataset the first gathered, reading only the head', async () => {
    const node = standInChain();
    const engine = engineOn(node.client);
    const first = await valueOf(engine.query(gasQuery(END_MS, 10_000)));
    const [fees, headers] = [node.feeHistories(), node.headersByNumber()];
    // The critical rule after the warning one: the same KPI over the same window, at the same evaluation time.
    expect(await valueOf(engine.query(gasQuery(END_MS, 10_000)))).toBe(first);
    expect([node.feeHistories(), node.headersByNumber()]).toEqual([fees, headers]);
    expect(engine.sharedStats().datasets).toMatchObject({ runs: 1, hits: 1 });
  });

  it('gather the same question again once the head moved, or a reorg replaced the last block', async () => {
    const node = standInChain();
    const engine = engineOn(node.client);
    const before = await valueOf(engine.query(gasQuery(END_MS, 10_000)));
    // A block after the window: the same answer, gathered again (its reads of unchanged blocks shared).
    node.mine(1_000n * GWEI);
    expect(await valueOf(engine.query(gasQuery(END_MS, 10_000)))).toBe(before);
    expect(engine.sharedStats().datasets.runs).toBe(2);
    // The window's last block replaced: read again, and what a fresh engine answers.
    const reorged = standInChain();
    const onReorged = engineOn(reorged.client);
    await onReorged.query(gasQuery(END_MS, 10_000));
    reorged.reorgHead(1_000n * GWEI);
    const after = await valueOf(onReorged.query(gasQuery(END_MS, 10_000)));
    expect(after).not.toBeCloseTo(before ?? 0, 1);
    expect(after).toBe(await valueOf(engineOn(reorged.client).query(gasQuery(END_MS, 10_000))));
  });

  it('finish a read one query waits for when another that shares it is cancelled', async () => {
    const node = standInChain();
    const expected = await valueOf(engineOn(node.client).query(gasQuery(END_MS, 10_000)));
    const readAlone = node.feeHistories();
    const engine = engineOn(node.client);
    node.holdFeeHistory();
    const caller = new AbortController();
    const cancelled = engine.query(gasQuery(END_MS, 10_000), caller.signal);
    const waiting = engine.query(gasQuery(END_MS, 20_000));
    for (let i = 0; i < 2_000 && engine.sharedStats().reads.joins < 1; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(engine.sharedStats().reads).toMatchObject({ runs: 1, joins: 1 });
    caller.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
    node.release();
    expect(await valueOf(waiting)).toBe(expected);
    // One read for both: the cancelled query's leaving neither stopped it nor made the other read again.
    expect(node.feeHistories() - readAlone).toBe(PAGES);
    expect(engine.sharedStats().reads.stopped).toBe(0);
  });
});
