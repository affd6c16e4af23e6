/**
 * getWalletTransactions against anvil: a ~1,000-block history where two wallets send transfers, an
 * approval, plain ether and a reverted transaction in a few blocks (two in one block), while others
 * send around them; and the nonce bisection alone, against a scripted million-block chain.
 */
import { encodeFunctionData, getAddress, parseEther, parseUnits, type Address, type Hash, type Hex } from 'viem';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoAccount, demoClients, type DemoClients, type Role } from '../../../demo/chain/clients';
import { deployTokens, mint, tokenAbi } from '../../../demo/contracts/tokens';
import { createBlockCache } from '../../cache/blockCache';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import { startTestProxy, type TestProxy } from '../rpc/testProxy';
import { checkAgainstNonces, findNonceChanges, getWalletTransactions } from './walletTransactions';

jest.setTimeout(60_000);

const GENESIS = 1_700_000_000;
const maker = demoAccount('maker').address;
const settlement = demoAccount('settlement').address;
const treasury = demoAccount('treasury').address;
const taker1 = demoAccount('taker1').address;
const spender = demoAccount('taker4').address;
const usdc6 = (amount: string) => parseUnits(amount, 6);

/** Every transaction the wallets sent, as the test sent it. */
interface Expected {
  hash: Hash;
  from: Address;
  to: Address;
  nonce: number;
  blockNumber: bigint;
  transactionIndex: number;
  timestampSec: number;
  status: 'success' | 'reverted';
  value: bigint;
  transfers: Array<{ token: Address; from: Address; to: Address; amount: bigint }>;
  logCount: number;
}

describe('getWalletTransactions on anvil', () => {
  let anvil: AnvilHandle | undefined;
  let demo: DemoClients;
  let client: RpcClient;
  let proxy: TestProxy;
  let counted: RpcClient;
  let usdc: Address;
  let firstBlock: bigint;
  let lastBlock: bigint;
  let quiet: { from: bigint; to: bigint };
  let othersOnly: bigint;
  let busyBlock: bigint;
  const expected: Expected[] = [];

  const transferData = (to: Address, amount: bigint) =>
    encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to, amount] });

  /** Sends without estimating (fixed gas and nonce), so it also works with mining paused and when it reverts. */
  async function send(role: Role, to: Address, data: Hex | undefined, nonce: number, value = 0n): Promise<Hash> {
    return demo.wallet(role).sendTransaction({ to, data, nonce, value, gas: 120_000n });
  }

  /** Records what a sent transaction should come back as, from its own receipt and what the test did. */
  async function expect_(
    hash: Hash,
    timestampSec: number,
    what: Pick<Expected, 'from' | 'to' | 'nonce' | 'status' | 'value' | 'transfers' | 'logCount'>
  ): Promise<bigint> {
    const receipt = await demo.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expected.push({
      hash,
      blockNumber: receipt.blockNumber,
      transactionIndex: receipt.transactionIndex,
      timestampSec,
      ...what,
    });
    return receipt.blockNumber;
  }

  async function mineAt(timestamp: number): Promise<void> {
    await demo.test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
    await demo.test.mine({ blocks: 1 });
  }

  beforeAll(async () => {
    anvil = await startAnvil({ timestamp: GENESIS });
    demo = demoClients(anvil.url);
    client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
    proxy = await startTestProxy({ target: anvil.url });
    counted = createRpcClient({ nodes: [{ name: 'counted', url: proxy.url }] });
    usdc = getAddress((await deployTokens(demo)).USDC.address);
    await mint(demo, usdc, maker, usdc6('10000'));
    await mint(demo, usdc, taker1, usdc6('10000'));
    // The set-up above was sent by the deployer: neither wallet has sent anything yet.
    const t0 = Number((await demo.public.getBlock()).timestamp) + 100;
    firstBlock = (await demo.public.getBlockNumber({ cacheTime: 0 })) + 1n;

    // Block 1: the maker pays the treasury 100 USDC.
    await demo.test.setNextBlockTimestamp({ timestamp: BigInt(t0) });
    await expect_(await send('maker', usdc, transferData(treasury, usdc6('100')), 0), t0, {
      from: maker,
      to: usdc,
      nonce: 0,
      status: 'success',
      value: 0n,
      transfers: [{ token: usdc, from: maker, to: treasury, amount: usdc6('100') }],
      logCount: 1,
    });
    await demo.test.mine({ blocks: 300, interval: 12 });

    // One block, mined by hand: two maker transactions, an ether payment by the settlement wallet, and
    // a transfer TO the maker by someone else (not sent by a wallet: not listed).
    await demo.test.setAutomine(false);
    const approve = await send(
      'maker',
      usdc,
      encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [spender, usdc6('5000')] }),
      1
    );
    const pay = await send('maker', usdc, transferData(taker1, usdc6('50')), 2);
    const ether = await send('settlement', treasury, undefined, 0, parseEther('1'));
    const incoming = await send('taker1', usdc, transferData(maker, usdc6('7')), 0);
    const t1 = t0 + 5_000;
    await mineAt(t1);
    await demo.test.setAutomine(true);
    busyBlock = await expect_(approve, t1, {
      from: maker,
      to: usdc,
      nonce: 1,
      status: 'success',
      value: 0n,
      transfers: [],
      logCount: 1,
    });
    await expect_(pay, t1, {
      from: maker,
      to: usdc,
      nonce: 2,
      status: 'success',
      value: 0n,
      transfers: [{ token: usdc, from: maker, to: taker1, amount: usdc6('50') }],
      logCount: 1,
    });
    await expect_(ether, t1, {
      from: settlement,
      to: treasury,
      nonce: 0,
      status: 'success',
      value: parseEther('1'),
      transfers: [],
      logCount: 0,
    });
    const incomingReceipt = await demo.public.waitForTransactionReceipt({ hash: incoming, pollingInterval: 20 });
    expect(incomingReceipt.blockNumber).toBe(busyBlock);

    await demo.test.mine({ blocks: 400, interval: 12 });
    quiet = { from: busyBlock + 1n, to: busyBlock + 400n };

    // The settlement wallet sends USDC it does not have: reverted, but mined (fixed gas) and nonce-bumping.
    const t2 = t1 + 10_000;
    await demo.test.setNextBlockTimestamp({ timestamp: BigInt(t2) });
    await expect_(await send('settlement', usdc, transferData(taker1, usdc6('1')), 1), t2, {
      from: settlement,
      to: usdc,
      nonce: 1,
      status: 'reverted',
      value: 0n,
      transfers: [],
      logCount: 0,
    });
    await demo.test.mine({ blocks: 250, interval: 12 });

    // Somebody else's transaction: its block must not show up.
    const other = await demo.public.waitForTransactionReceipt({
      hash: await send('taker1', usdc, transferData(treasury, usdc6('1')), 1),
      pollingInterval: 20,
    });
    othersOnly = other.blockNumber;
    await demo.test.mine({ blocks: 50, interval: 12 });
    lastBlock = await demo.public.getBlockNumber({ cacheTime: 0 });
    expected.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.transactionIndex - b.transactionIndex : a.blockNumber < b.blockNumber ? -1 : 1
    );
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await anvil?.stop();
  });

  it('finds every transaction the wallets sent, reverted one included, and nothing else', async () => {
    expect(expected.map((tx) => tx.status)).toEqual(['success', 'success', 'success', 'success', 'reverted']);
    const found = await getWalletTransactions(client, {
      wallets: [maker, settlement],
      fromBlock: firstBlock,
      toBlock: lastBlock,
    });
    expect(found.map((tx) => tx.hash)).toEqual(expected.map((tx) => tx.hash));
    expect(
      found.map(
        ({
          hash,
          from,
          to,
          nonce,
          blockNumber,
          transactionIndex,
          timestampSec,
          status,
          value,
          transfers,
          logCount,
        }) => ({
          hash,
          from,
          to,
          nonce,
          blockNumber,
          transactionIndex,
          timestampSec,
          status,
          value,
          transfers: transfers.map(({ token, from: sender, to: recipient, amount }) => ({
            token,
            from: sender,
            to: recipient,
            amount,
          })),
          logCount,
        })
      )
    ).toEqual(expected);
    for (const tx of found) {
      const receipt = await demo.public.getTransactionReceipt({ hash: tx.hash });
      expect([tx.gasUsed, tx.effectiveGasPrice, tx.blockHash]).toEqual([
        receipt.gasUsed,
        receipt.effectiveGasPrice,
        receipt.blockHash,
      ]);
    }
    expect(found[4].gasUsed).toBeLessThan(120_000n);
  });

  it('keeps to the range, to one wallet, and reads from block 0', async () => {
    const busy = await getWalletTransactions(client, {
      wallets: [maker, settlement],
      fromBlock: busyBlock,
      toBlock: busyBlock,
    });
    expect(busy.map((tx) => tx.hash)).toEqual(
      expected.filter((tx) => tx.blockNumber === busyBlock).map((tx) => tx.hash)
    );
    expect(busy).toHaveLength(3);
    const settlementOnly = await getWalletTransactions(client, {
      wallets: [settlement.toLowerCase() as Address],
      fromBlock: 0n,
      toBlock: lastBlock,
    });
    expect(settlementOnly.map((tx) => [tx.from, tx.nonce])).toEqual([
      [settlement, 0],
      [settlement, 1],
    ]);
  });

  it('returns [] with two nonce reads per wallet, in one HTTP request, where the wallets sent nothing', async () => {
    for (const range of [quiet, { from: othersOnly, to: othersOnly }]) {
      proxy.reset();
      const started = Date.now();
      expect(
        await getWalletTransactions(counted, { wallets: [maker, settlement], fromBlock: range.from, toBlock: range.to })
      ).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(proxy.methods).toEqual(Array(4).fill('eth_getTransactionCount'));
      expect(proxy.requests).toBe(1);
    }
  });

  it('costs about blocks-with-transactions × log2(blocks) nonce reads, one batch per bisection level', async () => {
    proxy.reset();
    const found = await getWalletTransactions(counted, {
      wallets: [maker, settlement],
      fromBlock: firstBlock,
      toBlock: lastBlock,
    });
    expect(found).toHaveLength(5);
    const blocks = Number(lastBlock - firstBlock + 1n);
    const levels = Math.ceil(Math.log2(blocks));
    // maker: 2 blocks with transactions, settlement: 2 → at most 2 + 2 × levels reads each.
    const nonceReads = proxy.methods.filter((method) => method === 'eth_getTransactionCount').length;
    console.log(
      `${blocks} blocks, ${levels} levels: ${nonceReads} eth_getTransactionCount, ${proxy.requests} HTTP requests, methods ${[...new Set(proxy.methods)].join(', ')}`
    );
    expect(nonceReads).toBeLessThanOrEqual(2 * (2 + 2 * levels));
    // Each wallet's first change block alone needs a full descent.
    expect(nonceReads).toBeGreaterThanOrEqual(2 * (2 + Math.floor(Math.log2(blocks)) - 1));
    // Then exactly the 3 blocks with the wallets' transactions and their 5 receipts.
    expect(proxy.methods.filter((method) => method === 'eth_getBlockByNumber')).toHaveLength(3);
    expect(proxy.methods.filter((method) => method === 'eth_getTransactionReceipt')).toHaveLength(5);
    // The ends, one request per level, the blocks and the receipts.
    expect(proxy.requests).toBeLessThanOrEqual(1 + levels + 2);
  });

  it('keeps each block cut to the wallets by its hash: called again, it reads headers, no block whole', async () => {
    const cache = createBlockCache();
    const parameters = { wallets: [maker, settlement], fromBlock: firstBlock, toBlock: lastBlock, keep: cache.get };
    // A block with its transactions is eth_getBlockByNumber with `true` as its second parameter.
    const wholeBlocks = () =>
      proxy.calls.filter((call) => call.method === 'eth_getBlockByNumber' && call.params?.[1] === true).length;
    proxy.reset();
    const first = await getWalletTransactions(counted, parameters);
    // The 3 blocks with the wallets' transactions.
    expect(wholeBlocks()).toBe(3);
    proxy.reset();
    const again = await getWalletTransactions(counted, parameters);
    expect(wholeBlocks()).toBe(0);
    expect(again).toEqual(first);
    expect(again.map((tx) => tx.hash)).toEqual(expected.map((tx) => tx.hash));
  });

  it('refuses a wallet that is not an address', async () => {
    const error = (await rejection(
      getWalletTransactions(client, { wallets: ['0x1234' as Address], fromBlock: 1n, toBlock: 2n })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc');
  });
});

describe('findNonceChanges, against a scripted chain', () => {
  const wallet = getAddress('0x00000000000000000000000000000000000000aa');
  const other = getAddress('0x00000000000000000000000000000000000000bb');

  /** A reader over blocks → transactions sent there, counting its calls. */
  function scripted(sentAt: Record<string, Map<bigint, number>>) {
    const reader = {
      calls: 0,
      read: async (who: Address, block: bigint) => {
        reader.calls++;
        let nonce = 0;
        for (const [at, count] of sentAt[who] ?? new Map<bigint, number>()) {
          nonce += at <= block ? count : 0;
        }
        return nonce;
      },
    };
    return reader;
  }

  it('finds 6 blocks among a million with at most 2 + k × 20 reads per wallet', async () => {
    const sentAt = {
      [wallet]: new Map([
        [3n, 1],
        [500_000n, 2],
        [500_001n, 1],
        [999_999n, 4],
      ]),
      [other]: new Map([
        [0n, 1],
        [777_777n, 1],
      ]),
    };
    const reader = scripted(sentAt);
    const changes = await findNonceChanges({
      wallets: [wallet, other],
      fromBlock: 0n,
      toBlock: 999_999n,
      readNonce: reader.read,
    });
    expect(changes).toEqual([
      { wallet: other, block: 0n, sent: 1 },
      { wallet, block: 3n, sent: 1 },
      { wallet, block: 500_000n, sent: 2 },
      { wallet, block: 500_001n, sent: 1 },
      { wallet: other, block: 777_777n, sent: 1 },
      { wallet, block: 999_999n, sent: 4 },
    ]);
    // fromBlock 0: no read before it, so 1 + k × 20 per wallet at most.
    expect(reader.calls).toBeLessThanOrEqual(1 + 4 * 20 + 1 + 2 * 20);
    expect(reader.calls).toBeGreaterThanOrEqual(2 * 19);
  });

  it('throws, naming the wallet, when the nonce goes down between the ends of the range', async () => {
    const readNonce = async (_who: Address, block: bigint) => (block < 100n ? 5 : 3);
    const error = (await rejection(
      findNonceChanges({ wallets: [wallet], fromBlock: 100n, toBlock: 200n, readNonce, source: 'rpc:flaky' })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc:flaky');
    expect(error.message).toContain(`the nonce of ${wallet} went down, from 5 at block 99 to 3 at block 200`);
    expect(error.fix).toContain('reorganised');
  });

  it('throws when a middle block answers outside its ends (a node that reorganised mid-read)', async () => {
    // 0 before, 2 at the end, but 7 in the middle (the split: block 128 is the multiple of the largest power of two in 101…200).
    const readNonce = async (_who: Address, block: bigint) => (block === 99n ? 0 : block === 200n ? 2 : 7);
    const error = (await rejection(
      findNonceChanges({ wallets: [wallet], fromBlock: 100n, toBlock: 200n, readNonce })
    )) as PmmError;
    expect(error.message).toContain('went down, from 7 at block 127 to 2 at block 200');
  });
});

describe('checkAgainstNonces', () => {
  const wallet = getAddress('0x00000000000000000000000000000000000000aa');
  const other = getAddress('0x00000000000000000000000000000000000000bb');
  // The block's transactions as a node listed them; `from` spelled lower-case as some nodes do.
  const tx = (from: Address, blockNumber: bigint) => ({ from: from.toLowerCase() as Address, blockNumber });
  const blocks = [
    { number: 5n, authorizations: false },
    { number: 9n, authorizations: true },
  ];
  const check = (sent: ReadonlyArray<{ from: Address; blockNumber: bigint }>) => () =>
    checkAgainstNonces(
      [
        { wallet, block: 5n, sent: 2 },
        { wallet: other, block: 5n, sent: 1 },
        { wallet, block: 9n, sent: 2 },
      ],
      blocks,
      sent,
      'rpc:a'
    );

  it('accepts blocks holding as many transactions of each wallet as its nonce moved by', () => {
    expect(check([tx(wallet, 5n), tx(other, 5n), tx(wallet, 5n), tx(wallet, 9n), tx(wallet, 9n)])).not.toThrow();
    // Block 9 carries an EIP-7702 authorization, which moves a nonce without a transaction of its own.
    expect(check([tx(wallet, 5n), tx(other, 5n), tx(wallet, 5n), tx(wallet, 9n)])).not.toThrow();
  });

  it('names the block and the wallet when a block holds fewer or more', () => {
    expect(check([tx(wallet, 5n), tx(other, 5n), tx(wallet, 9n), tx(wallet, 9n)])).toThrow(
      `block 5 holds 1 transactions of ${wallet} but its nonce moved by 2 there`
    );
    expect(check([tx(wallet, 5n), tx(wallet, 5n), tx(wallet, 9n), tx(wallet, 9n)])).toThrow(
      `block 5 holds 0 transactions of ${other} but its nonce moved by 1 there`
    );
    expect(
      check([tx(wallet, 5n), tx(other, 5n), tx(wallet, 5n), tx(wallet, 9n), tx(wallet, 9n), tx(wallet, 9n)])
    ).toThrow(`block 9 holds 3 transactions of ${wallet} but its nonce moved by 2 there`);
  });
});
