/**
 * A reorg under a running engine: the maker's wallet sends X WETH in a new block, the engine reads
 * it (and caches what it read at that block), then anvil reverts to before that block and mines a
 * different one in which the wallet sends Y instead. The next query must see Y: nothing cached from
 * the orphaned block may be served. Expected values come from the two transfer amounts alone.
 */
import { encodeFunctionData, erc20Abi, parseUnits, type Address, type Hex } from 'viem';

import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { createEngine, type Engine } from '../../pkg/engine';

jest.setTimeout(120_000);

const SINK: Address = '0x000000000000000000000000000000000000dEaD';

let world: DemoWorld;
let engine: Engine;
/** Net delta is in % of the neutral holding: sending x WETH moves it by −x / neutral × 100. */
let percentPerWeth: number;

async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(world.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const answer = (await response.json()) as { result?: T; error?: { message: string } };
  if (answer.error) {
    throw new Error(`${method}: ${answer.error.message}`);
  }
  return answer.result as T;
}

/** The maker's wallet sends `units` WETH away, mined in a block of its own; returns that block. */
async function sendWeth(units: string): Promise<{ number: bigint; hash: Hex }> {
  const maker = world.addresses.wallets.maker;
  await rpc('anvil_impersonateAccount', [maker]);
  const hash = await rpc<Hex>('eth_sendTransaction', [
    {
      from: maker,
      to: world.addresses.tokens.WETH,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [SINK, parseUnits(units, 18)] }),
    },
  ]);
  // The demo world mines only when told (each block at its simulated time).
  await rpc('evm_mine');
  const receipt = await rpc<{ blockNumber: Hex; blockHash: Hex; status: Hex }>('eth_getTransactionReceipt', [hash]);
  expect(receipt.status).toBe('0x1');
  return { number: BigInt(receipt.blockNumber), hash: receipt.blockHash };
}

async function wethDelta(): Promise<number> {
  const blocks = world.record.blocks;
  // A window ending in the future: its end block is the head, whatever anvil stamps new blocks with.
  const answer = await engine.query({
    fromMs: blocks[0].timestamp * 1000,
    toMs: Date.now() + 3_600_000,
    maxDataPoints: 10,
    intervalMs: 60_000,
    series: false,
    kpis: ['net_delta'],
  });
  const delta = answer.outcomes[0].result?.breakdown?.WETH;
  if (delta === undefined) {
    throw new Error(`no WETH net delta: ${answer.outcomes[0].error?.message}`);
  }
  return delta;
}

beforeAll(async () => {
  world = await startDemoWorld({ days: 3 });
  const settings = demoSettings(world);
  engine = createEngine(settings);
  const neutral = settings.assets.find((a) => a.symbol === 'WETH')?.neutralUnits;
  if (!neutral) {
    throw new Error('the demo settings give WETH no neutral holding');
  }
  percentPerWeth = 100 / neutral;
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

it('after a reorg, serves the new block’s values and nothing cached from the orphaned one', async () => {
  const before = await wethDelta();
  const snapshot = await rpc<Hex>('evm_snapshot');

  const orphan = await sendWeth('1.5');
  const onOrphan = await wethDelta();
  expect(onOrphan - before).toBeCloseTo(-1.5 * percentPerWeth, 9);
  // The orphaned block's reads are in the cache now.
  expect(engine.cacheStats().entries).toBeGreaterThan(0);

  expect(await rpc<boolean>('evm_revert', [snapshot])).toBe(true);
  const replacement = await sendWeth('0.25');
  // A longer chain, as a real reorg usually brings.
  await rpc('evm_mine');
  expect(replacement.number).toBe(orphan.number);
  expect(replacement.hash).not.toBe(orphan.hash);

  const afterReorg = await wethDelta();
  expect(afterReorg - before).toBeCloseTo(-0.25 * percentPerWeth, 9);
  // And again, now from the cache: still the new chain's value.
  expect(await wethDelta()).toBeCloseTo(afterReorg, 12);
});
