import { pad, parseAbiItem, toHex, type Address, type Hash } from 'viem';
import { getBlock, getBlockNumber, getLogs, readContract } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoClients, type DemoClients } from '../../../demo/chain/clients';
import { installMulticall3 } from '../../../demo/chain/multicall3';
import { deployTokens, mint, tokenAbi } from '../../../demo/contracts/tokens';
import { baseFeesBetween } from './feeHistory';
import { getLogsSplit } from './getLogsSplit';
import { getReceipts } from './receipts';
import { createRpcClient } from './rpcClient';
import { withRpcErrors } from './rpcError';
import { startTestProxy, type TestProxy } from './testProxy';
import { rejection } from '../../../../tests/support/rejection';

jest.setTimeout(60_000);

const TRANSFER = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');
const MINTS = 40;
const FEE_BLOCKS = 2_100;
const DEAD_URL = 'http://127.0.0.1:1/v2/SECRETKEY';
const holder = (i: number): Address => pad(toHex(i + 1), { size: 20 });

let anvil: AnvilHandle;
let demo: DemoClients;
let token: Address;
let mintBlocks: bigint[];
let mintHashes: Hash[];
const proxies: TestProxy[] = [];

async function proxy(options: { maxLogRange?: number; status?: number } = {}): Promise<TestProxy> {
  const started = await startTestProxy({ target: anvil.url, ...options });
  proxies.push(started);
  return started;
}

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  token = (await deployTokens(demo)).USDC.address;
  mintBlocks = [];
  mintHashes = [];
  // Automine: one mint, one block, one Transfer log.
  for (let i = 0; i < MINTS; i++) {
    await mint(demo, token, holder(i), BigInt(i + 1) * 1_000_000n);
    const block = await getBlock(demo.public);
    mintBlocks.push(block.number);
    mintHashes.push(block.transactions[0]);
  }
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await anvil?.stop();
});

describe('createRpcClient', () => {
  it('fails over from a 503 node and a refused connection to the next node, for calls and eth_call', async () => {
    const down = await proxy({ status: 503 });
    const client = createRpcClient({
      nodes: [
        { name: 'down', url: down.url },
        { name: 'dead', url: DEAD_URL },
        { name: 'anvil', url: anvil.url },
      ],
      retryCount: 0,
    });
    expect(await getBlockNumber(client, { cacheTime: 0 })).toBe(await getBlockNumber(demo.public, { cacheTime: 0 }));
    const supply = await readContract(client, { address: token, abi: tokenAbi, functionName: 'totalSupply' });
    expect(supply).toBe(BigInt((MINTS * (MINTS + 1)) / 2) * 1_000_000n);
    expect(down.requests).toBeGreaterThan(0);
  });

  it('names the dead node and never shows its URL', async () => {
    const client = createRpcClient({ nodes: [{ name: 'alchemy', url: DEAD_URL }], retryCount: 0 });
    const error = await rejection(withRpcErrors(client, 'eth_blockNumber', () => getBlockNumber(client)));
    expect(error).toBeInstanceOf(PmmError);
    const { source, message } = error as PmmError;
    expect(source).toBe('rpc:alchemy');
    expect(message).toContain('alchemy');
    expect(message).not.toContain('SECRETKEY');
    expect(message).not.toContain('127.0.0.1:1');
    expect(JSON.stringify(error)).not.toContain('SECRETKEY');
    expect((error as Error).cause).toBeUndefined();
  });

  it('says every node failed when the last one fails too', async () => {
    const down = await proxy({ status: 503 });
    const client = createRpcClient({
      nodes: [
        { name: 'infura', url: `${down.url}/v3/SECRETKEY` },
        { name: 'alchemy', url: DEAD_URL },
      ],
      retryCount: 0,
    });
    const error = (await rejection(withRpcErrors(client, 'eth_blockNumber', () => getBlockNumber(client)))) as PmmError;
    expect(error.source).toBe('rpc:alchemy');
    expect(error.message).toContain('every node failed (infura, alchemy)');
    expect(error.message).not.toContain('SECRETKEY');
  });

  it('folds 50 balanceOf at a past block into at most 2 HTTP requests', async () => {
    const counted = await proxy();
    const client = createRpcClient({ nodes: [{ name: 'counted', url: counted.url }] });
    const at = mintBlocks[19];
    counted.reset();
    const balances = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        readContract(client, {
          address: token,
          abi: tokenAbi,
          functionName: 'balanceOf',
          args: [holder(i)],
          blockNumber: at,
        })
      )
    );
    expect(counted.requests).toBeLessThanOrEqual(2);
    expect(counted.methods.every((method) => method === 'eth_call')).toBe(true);
    expect(balances).toEqual(Array.from({ length: 50 }, (_, i) => (i < 20 ? BigInt(i + 1) * 1_000_000n : 0n)));
  });
});

describe('getLogsSplit', () => {
  it('splits ranges a node refuses and returns the same logs as one direct call', async () => {
    const limited = await proxy({ maxLogRange: 8 });
    const client = createRpcClient({ nodes: [{ name: 'infura', url: limited.url }] });
    const range = { address: token, event: TRANSFER, fromBlock: mintBlocks[0] - 3n, toBlock: mintBlocks[MINTS - 1] };
    const direct = await getLogs(demo.public, range);
    const split = await getLogsSplit(client, range);
    expect(direct).toHaveLength(MINTS);
    expect(limited.refused).toBeGreaterThan(0);
    expect(split.map((log) => [log.blockNumber, log.logIndex, log.args.value])).toEqual(
      direct.map((log) => [log.blockNumber, log.logIndex, log.args.value])
    );
  });

  it('pre-splits to maxRange and is never refused', async () => {
    const limited = await proxy({ maxLogRange: 8 });
    const client = createRpcClient({ nodes: [{ name: 'infura', url: limited.url }] });
    const logs = await getLogsSplit(
      client,
      { address: token, events: [TRANSFER], fromBlock: mintBlocks[0], toBlock: mintBlocks[MINTS - 1] },
      { maxRange: 8n }
    );
    expect(logs.map((log) => log.transactionHash)).toEqual(mintHashes);
    expect(limited.refused).toBe(0);
  });

  it('rethrows, naming the node, when even one block is refused', async () => {
    const limited = await proxy({ maxLogRange: 0 });
    const client = createRpcClient({ nodes: [{ name: 'infura', url: `${limited.url}/v3/SECRETKEY` }], retryCount: 0 });
    const range = { address: token, event: TRANSFER, fromBlock: mintBlocks[0], toBlock: mintBlocks[3] };
    const error = (await rejection(getLogsSplit(client, range))) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc:infura');
    expect(error.message).toContain('more than 10000 results');
    expect(error.message).not.toContain('SECRETKEY');
    // [0,3] → [0,1] → [0,0]: the first block refused alone ends the search.
    expect(limited.refused).toBe(3);
  });
});

describe('getReceipts', () => {
  it('returns receipts in the order of the hashes, across chunks', async () => {
    const client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
    const hashes = [...mintHashes].reverse();
    const receipts = await getReceipts(client, hashes, { chunk: 7, pick: (receipt) => receipt });
    expect(receipts.map((receipt) => receipt.transactionHash)).toEqual(hashes);
    expect(receipts.every((receipt) => receipt.status === 'success')).toBe(true);
  });

  it('names a missing transaction', async () => {
    const client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
    const bogus: Hash = `0x${'ab'.repeat(32)}`;
    const error = (await rejection(
      getReceipts(client, [mintHashes[0], bogus], { pick: (receipt) => receipt })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc:anvil');
    expect(error.message).toContain(bogus);
  });
});

describe('baseFeesBetween', () => {
  it('returns one base fee per block over 2,100 blocks, exactly as set', async () => {
    const from = (await getBlockNumber(demo.public, { cacheTime: 0 })) + 1n;
    const set = new Map<bigint, bigint>();
    // Fees pinned at a page edge (block 1,024 of the range), inside pages and on the last block.
    const pinned = [0n, 500n, 1_023n, 1_024n, 1_999n, BigInt(FEE_BLOCKS - 1)];
    let next = from;
    for (const [i, offset] of pinned.entries()) {
      const block = from + offset;
      if (block > next) {
        await demo.test.mine({ blocks: Number(block - next) });
      }
      const fee = 1_000_000_000n + BigInt(i) * 123_456_789n;
      await demo.test.setNextBlockBaseFeePerGas({ baseFeePerGas: fee });
      await demo.test.mine({ blocks: 1 });
      set.set(block, fee);
      next = block + 1n;
    }
    const to = from + BigInt(FEE_BLOCKS) - 1n;
    expect(await getBlockNumber(demo.public, { cacheTime: 0 })).toBe(to);

    const client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
    const fees = await baseFeesBetween(client, from, to);
    expect(fees).toHaveLength(Number(to - from + 1n));
    for (const [block, fee] of set) {
      expect(fees[Number(block - from)]).toBe(Number(fee));
    }
    const sample = from + 777n;
    expect(fees[777]).toBe(Number((await getBlock(demo.public, { blockNumber: sample })).baseFeePerGas));
    expect([...(await baseFeesBetween(client, sample, sample))]).toEqual([fees[777]]);
  });
});
