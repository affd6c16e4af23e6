import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { createPublicClient, createTestClient, http, multicall3Abi, parseEther, type Address } from 'viem';
import { foundry } from 'viem/chains';

import { PmmError } from '../../../src/core/errors';
import { startAnvil, type AnvilHandle } from './anvil';
import { installMulticall3, multicall3CreationCode, MULTICALL3_ADDRESS } from './multicall3';
import { rejection } from '../../../tests/support/rejection';
import { processAlive } from '../../../tests/support/process';

jest.setTimeout(30_000);

const GENESIS = 1_700_000_000;
const SPACING = 1_800;
const BLOCKS = 1_500;
/** The first two accounts of anvil's default mnemonic, funded with 10,000 ETH each. */
const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** Where anvil spills old states by default and never cleans up: it must stay as it was. */
const STATE_SPILL_DIR = path.join(homedir(), '.foundry', 'anvil', 'tmp');
const spilledStates = () => (existsSync(STATE_SPILL_DIR) ? readdirSync(STATE_SPILL_DIR).sort() : []);

const PROCESS_EVENTS = ['exit', 'SIGINT', 'SIGTERM'] as const;
const listenerCounts = () => PROCESS_EVENTS.map((event) => process.listenerCount(event));

function clientsFor(anvil: AnvilHandle) {
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.url] } } };
  return {
    public: createPublicClient({ chain, transport: http(anvil.url) }),
    test: createTestClient({ chain, mode: 'anvil', transport: http(anvil.url) }),
  };
}

describe('startAnvil', () => {
  let anvil: AnvilHandle;
  let statesBefore: string[];

  beforeAll(async () => {
    statesBefore = spilledStates();
    anvil = await startAnvil({ timestamp: GENESIS });
  });
  afterAll(() => anvil.stop());

  it('answers eth_chainId on the free port it reports', async () => {
    expect(anvil.url).toBe(`http://127.0.0.1:${anvil.port}`);
    expect(anvil.port).toBeGreaterThan(0);
    expect(await clientsFor(anvil).public.getChainId()).toBe(31337);
  });

  it('refuses a taken port with a clear error', async () => {
    const error = await rejection(startAnvil({ port: anvil.port }));
    expect(error).toBeInstanceOf(PmmError);
    expect(error).toMatchObject({
      source: 'anvil',
      fix: 'pass --port with a free port or stop the other process',
    });
    expect((error as PmmError).message).toContain(`port ${anvil.port} on 127.0.0.1 is in use`);
  });

  it('installs Multicall3 and keeps every past state over 1,500 blocks', async () => {
    const clients = clientsFor(anvil);

    expect(await installMulticall3(clients.test)).toBe(MULTICALL3_ADDRESS);
    const code = await clients.public.getCode({ address: MULTICALL3_ADDRESS });
    // No constructor arguments or immutables: the runtime code is the tail of the creation code.
    expect(code && code.length > 2 && multicall3CreationCode().endsWith(code.slice(2))).toBe(true);
    expect(await installMulticall3({ test: clients.test })).toBe(MULTICALL3_ADDRESS);

    await clients.test.setNextBlockTimestamp({ timestamp: BigInt(GENESIS + SPACING) });
    await clients.test.mine({ blocks: 1 });
    await clients.test.setNextBlockTimestamp({ timestamp: BigInt(GENESIS + 2 * SPACING) });
    const hash = await clients.test.sendUnsignedTransaction({ from: ALICE, to: BOB, value: parseEther('1') });
    expect((await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 20 })).blockNumber).toBe(2n);

    const started = Date.now();
    for (let block = 3; block < BLOCKS + 3; block++) {
      await clients.test.setNextBlockTimestamp({ timestamp: BigInt(GENESIS + block * SPACING) });
      await clients.test.mine({ blocks: 1 });
    }
    const mineMs = Date.now() - started;

    const latest = await clients.public.getBlock();
    expect(latest.number).toBe(BigInt(BLOCKS + 2));
    expect(latest.timestamp).toBe(BigInt(GENESIS + (BLOCKS + 2) * SPACING));

    expect(await clients.public.getBalance({ address: BOB, blockNumber: 1n })).toBe(parseEther('10000'));
    expect(await clients.public.getBalance({ address: BOB })).toBe(parseEther('10001'));
    const [aliceThen, bobThen, timeThen] = await clients.public.multicall({
      multicallAddress: MULTICALL3_ADDRESS,
      blockNumber: 1n,
      allowFailure: false,
      contracts: [
        { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getEthBalance', args: [ALICE] },
        { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getEthBalance', args: [BOB] },
        { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getCurrentBlockTimestamp' },
      ],
    });
    expect(aliceThen).toBe(parseEther('10000'));
    expect(bobThen).toBe(parseEther('10000'));
    expect(timeThen).toBe(BigInt(GENESIS + SPACING));

    const peak = anvil.peakRssBytes();
    expect(peak).toBeGreaterThan(1 << 20);
    console.info(
      `mined ${BLOCKS} blocks one by one in ${mineMs} ms; anvil peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`
    );
  });

  it('stop() ends the process, leaves no state on disk and can be called again', async () => {
    await anvil.stop();
    await anvil.stop();
    expect(processAlive(anvil.pid)).toBe(false);
    expect(spilledStates()).toEqual(statesBefore);
    expect(anvil.peakRssBytes()).toBeGreaterThan(0);
  });
});

describe('several anvils in one process', () => {
  it('share one set of exit listeners and pass their options through', async () => {
    const baseline = listenerCounts();
    const [plain, manual] = await Promise.all([
      startAnvil(),
      startAnvil({ autoMine: false, chainId: 1337, timestamp: GENESIS, accounts: 2, balance: 5 }),
    ]);
    try {
      expect(listenerCounts()).toEqual(baseline.map((count) => count + 1));
      expect(plain.port).not.toBe(manual.port);

      const client = createPublicClient({ transport: http(manual.url) });
      expect(await client.getChainId()).toBe(1337);
      expect((await client.getBlock({ blockNumber: 0n })).timestamp).toBe(BigInt(GENESIS));
      expect(await client.getBalance({ address: BOB })).toBe(parseEther('5'));
      const test = createTestClient({ mode: 'anvil', transport: http(manual.url) });
      await test.sendUnsignedTransaction({ from: ALICE, to: BOB, value: 1n });
      // --no-mining: the transfer waits in the pool until someone mines.
      expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(0n);
      await test.mine({ blocks: 1 });
      expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(1n);
    } finally {
      await Promise.all([plain.stop(), manual.stop()]);
    }
    expect(listenerCounts()).toEqual(baseline);
    expect(processAlive(plain.pid) || processAlive(manual.pid)).toBe(false);
  });
});
