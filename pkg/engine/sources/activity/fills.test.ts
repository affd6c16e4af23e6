/**
 * getFills and getSettlementStatuses against the real LOP v4 bytecode on anvil: RFQ quotes signed by
 * the maker, filled one per transaction and three in one transaction, plus fills that must not count.
 */
import {
  encodeFunctionData,
  erc20Abi,
  getAddress,
  parseAbi,
  parseEventLogs,
  parseUnits,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoAccount, demoClients, type DemoClients, type Role } from '../../../demo/chain/clients';
import { compileSolidity } from '../../../demo/contracts/compile';
import { deploy } from '../../../demo/contracts/deploy';
import {
  buildRfqOrder,
  deployLimitOrderProtocol,
  fullFillCall,
  ORDER_FILLED_EVENT as DEMO_ORDER_FILLED_EVENT,
  orderHash,
  signOrder,
  type Order,
} from '../../../demo/contracts/lop';
import { deployTokens, mint } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import { startTestProxy, type TestProxy } from '../rpc/testProxy';
import { getFills, getSettlementStatuses, ORDER_FILLED_EVENT, type GetFillsParameters } from './fills';

jest.setTimeout(60_000);

/** Fills several orders in one transaction, as an aggregator's settlement contract does. */
const MULTI_FILL_SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
interface IApprove { function approve(address spender, uint256 amount) external returns (bool); }
contract MultiFill {
    function approve(address token, address spender) external {
        IApprove(token).approve(spender, type(uint256).max);
    }
    function fillAll(address lop, bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory reason) = lop.call(calls[i]);
            if (!ok) { assembly { revert(add(reason, 32), mload(reason)) } }
        }
    }
}`;
const multiFillAbi = parseAbi([
  'function approve(address token, address spender)',
  'function fillAll(address lop, bytes[] calls)',
]);

const GENESIS = 1_700_000_000;
const UNLIMITED = 2n ** 256n - 1n;
const maker = demoAccount('maker').address;
const treasury = demoAccount('treasury').address;
const foreignMaker = demoAccount('taker3').address;
const taker1 = demoAccount('taker1').address;
const taker2 = demoAccount('taker2').address;
const weth18 = (amount: string) => parseUnits(amount, 18);
const usdc6 = (amount: string) => parseUnits(amount, 6);

let anvil: AnvilHandle | undefined;
let demo: DemoClients;
let client: RpcClient;
let chainId: number;
let lop: Address;
let weth: Address;
let usdc: Address;
let multiFill: Address;
let nonce = 0;

/** What the test did, to compare getFills with. */
interface Sent {
  receipt: TransactionReceipt;
  timestamp: number;
}
type SentName = 'fill1' | 'fill2' | 'ignored' | 'multi' | 'replay' | 'market';
type OrderName = 'o1' | 'o2' | 'o3' | 'o4' | 'ignored' | 'foreign';
const sent = {} as Record<SentName, Sent>;
const orders = {} as Record<OrderName, Order>;
let firstBlock: bigint;
let emptyBlocks: { from: bigint; to: bigint };
let ourHashes: Set<Hex>;
let params: GetFillsParameters;

async function waitFor(hash: Hash): Promise<TransactionReceipt> {
  return demo.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}

async function quote(
  signer: Role,
  sell: { token: Address; amount: bigint },
  buy: { token: Address; amount: bigint },
  receiver?: Address
): Promise<{ order: Order; data: Hex }> {
  const wallet = demo.wallet(signer);
  const order = buildRfqOrder({
    maker: wallet.account.address,
    makerAsset: sell.token,
    takerAsset: buy.token,
    makingAmount: sell.amount,
    takingAmount: buy.amount,
    expiry: GENESIS + 10_000_000,
    nonce: ++nonce,
    receiver,
  });
  return { order, data: fullFillCall(order, await signOrder(wallet, chainId, lop, order)).data };
}

/** Sends at a chosen timestamp (automine mines it at once) with a fixed gas limit, so a revert is mined too. */
async function sendAt(timestamp: number, role: Role, to: Address, data: Hex): Promise<Sent> {
  await demo.test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
  const hash = await demo.wallet(role).sendTransaction({ to, data, gas: 1_500_000n });
  return { receipt: await waitFor(hash), timestamp };
}

beforeAll(async () => {
  anvil = await startAnvil({ timestamp: GENESIS });
  demo = demoClients(anvil.url);
  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
  chainId = await demo.public.getChainId();
  const tokens = await deployTokens(demo);
  weth = getAddress(tokens.WETH.address);
  usdc = getAddress(tokens.USDC.address);
  lop = await deployLimitOrderProtocol(demo, weth);
  const compiled = compileSolidity({ sources: { 'MultiFill.sol': MULTI_FILL_SOURCE } })['MultiFill.sol'].MultiFill;
  multiFill = getAddress(await deploy(demo, compiled));

  await mint(demo, weth, maker, weth18('10'));
  await mint(demo, usdc, maker, usdc6('100000'));
  await mint(demo, weth, foreignMaker, weth18('10'));
  await mint(demo, usdc, taker1, usdc6('100000'));
  await mint(demo, weth, taker2, weth18('10'));
  await mint(demo, usdc, multiFill, usdc6('100000'));
  const approvals: Array<[Role, Address]> = [
    ['maker', weth],
    ['maker', usdc],
    ['taker3', weth],
    ['taker1', usdc],
    ['taker2', weth],
  ];
  for (const [role, token] of approvals) {
    await waitFor(
      await demo
        .wallet(role)
        .writeContract({ address: token, abi: erc20Abi, functionName: 'approve', args: [lop, UNLIMITED] })
    );
  }
  await waitFor(
    await demo
      .wallet('deployer')
      .writeContract({ address: multiFill, abi: multiFillAbi, functionName: 'approve', args: [usdc, lop] })
  );

  const t0 = Number((await demo.public.getBlock()).timestamp) + 100;
  firstBlock = (await demo.public.getBlockNumber({ cacheTime: 0 })) + 1n;

  // o1: the maker sells 1 WETH for 3,000 USDC to taker1.
  const q1 = await quote('maker', { token: weth, amount: weth18('1') }, { token: usdc, amount: usdc6('3000') });
  orders.o1 = q1.order;
  sent.fill1 = await sendAt(t0, 'taker1', lop, q1.data);

  // Five blocks with nothing in them.
  const afterFill1 = sent.fill1.receipt.blockNumber;
  await demo.test.mine({ blocks: 5, interval: 12 });
  emptyBlocks = { from: afterFill1 + 1n, to: afterFill1 + 5n };

  // o2: the maker buys 1 WETH for 2,500 USDC from taker2; the WETH goes to the treasury (the order's receiver).
  const q2 = await quote(
    'maker',
    { token: usdc, amount: usdc6('2500') },
    { token: weth, amount: weth18('1') },
    treasury
  );
  orders.o2 = q2.order;
  sent.fill2 = await sendAt(t0 + 200, 'taker2', lop, q2.data);

  // A quote of the maker that is not in the quote log: its fill must be ignored.
  const ignored = await quote('maker', { token: weth, amount: weth18('0.1') }, { token: usdc, amount: usdc6('310') });
  orders.ignored = ignored.order;
  sent.ignored = await sendAt(t0 + 212, 'taker1', lop, ignored.data);

  // Three orders in one transaction: ours (0.2 WETH for 600 USDC), another maker's, ours (0.3 WETH for 950 USDC).
  const q3 = await quote('maker', { token: weth, amount: weth18('0.2') }, { token: usdc, amount: usdc6('600') });
  const foreign = await quote('taker3', { token: weth, amount: weth18('0.5') }, { token: usdc, amount: usdc6('1400') });
  const q4 = await quote('maker', { token: weth, amount: weth18('0.3') }, { token: usdc, amount: usdc6('950') });
  orders.o3 = q3.order;
  orders.foreign = foreign.order;
  orders.o4 = q4.order;
  sent.multi = await sendAt(
    t0 + 300,
    'taker2',
    multiFill,
    encodeFunctionData({ abi: multiFillAbi, functionName: 'fillAll', args: [lop, [q3.data, foreign.data, q4.data]] })
  );

  // The settlement of an accepted quote that reverts: o1 again (BitInvalidatedOrder), mined with its fixed gas.
  sent.replay = await sendAt(t0 + 400, 'taker1', lop, q1.data);

  // The market: another maker's quote filled on its own (outside params' range, which ends at the replay).
  const market = await quote('taker3', { token: weth, amount: weth18('0.1') }, { token: usdc, amount: usdc6('300') });
  sent.market = await sendAt(t0 + 500, 'taker1', lop, market.data);

  ourHashes = new Set(
    (['o1', 'o2', 'o3', 'o4'] as const).map((name) => orderHash(chainId, lop, orders[name]).toLowerCase() as Hex)
  );
  params = {
    limitOrderProtocol: lop,
    fromBlock: firstBlock,
    toBlock: sent.replay.receipt.blockNumber,
    orderHashes: ourHashes,
    makers: [maker, treasury],
    tokens: [weth, usdc],
  };
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const hashOf = (name: OrderName) => orderHash(chainId, lop, orders[name]);

describe('the demo world', () => {
  it('mined what the test sent, and the replayed quote reverted', () => {
    expect(Object.values(sent).map((s) => s.receipt.status)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'reverted',
      'success',
    ]);
  });

  it('uses the event the demo declares', () => {
    expect(ORDER_FILLED_EVENT).toEqual(DEMO_ORDER_FILLED_EVENT);
  });

  it("emits an order's two Transfers before its OrderFilled, fill after fill, in LOP v4", () => {
    const logs = parseEventLogs({
      abi: [...erc20Abi, DEMO_ORDER_FILLED_EVENT],
      logs: sent.multi.receipt.logs,
    }).filter((log) => log.eventName !== 'Approval');
    const shape = logs.map((log) =>
      log.eventName === 'OrderFilled'
        ? `filled ${log.args.orderHash}`
        : `${log.args.from} → ${log.args.to} ${log.args.value}`
    );
    expect(shape).toEqual([
      `${maker} → ${multiFill} ${weth18('0.2')}`,
      `${multiFill} → ${maker} ${usdc6('600')}`,
      `filled ${hashOf('o3')}`,
      `${foreignMaker} → ${multiFill} ${weth18('0.5')}`,
      `${multiFill} → ${foreignMaker} ${usdc6('1400')}`,
      `filled ${hashOf('foreign')}`,
      `${maker} → ${multiFill} ${weth18('0.3')}`,
      `${multiFill} → ${maker} ${usdc6('950')}`,
      `filled ${hashOf('o4')}`,
    ]);
  });
});

describe('getFills', () => {
  it("returns the four fills of the maker's quotes, with what moved, when and at what gas", async () => {
    const fills = await getFills(client, params);
    const { fill1, fill2, multi } = sent;
    expect(fills.map((fill) => fill.orderHash)).toEqual([hashOf('o1'), hashOf('o2'), hashOf('o3'), hashOf('o4')]);
    expect(fills.map((fill) => fill.txHash)).toEqual([
      fill1.receipt.transactionHash,
      fill2.receipt.transactionHash,
      multi.receipt.transactionHash,
      multi.receipt.transactionHash,
    ]);
    expect(fills.map((fill) => [fill.blockNumber, fill.blockHash, fill.timestampSec])).toEqual(
      [fill1, fill2, multi, multi].map((s) => [s.receipt.blockNumber, s.receipt.blockHash, s.timestamp])
    );
    expect(fills.map((fill) => fill.from)).toEqual([taker1, taker2, taker2, taker2]);
    expect(fills.map((fill) => [fill.gasUsed, fill.effectiveGasPrice])).toEqual(
      [fill1, fill2, multi, multi].map((s) => [s.receipt.gasUsed, s.receipt.effectiveGasPrice])
    );
    expect(fills.map((fill) => fill.fillsInTx)).toEqual([1, 1, 3, 3]);
    expect(fills.map((fill) => [fill.given, fill.received])).toEqual([
      [
        { token: weth, amount: weth18('1') },
        { token: usdc, amount: usdc6('3000') },
      ],
      [
        { token: usdc, amount: usdc6('2500') },
        { token: weth, amount: weth18('1') },
      ],
      [
        { token: weth, amount: weth18('0.2') },
        { token: usdc, amount: usdc6('600') },
      ],
      [
        { token: weth, amount: weth18('0.3') },
        { token: usdc, amount: usdc6('950') },
      ],
    ]);
    expect(fills.every((fill) => fill.remainingAmount === 0n)).toBe(true);
    // The OrderFilled logs' own positions: o3's is the 3rd log of the transaction, o4's the 9th (approvals aside).
    const filledAt = parseEventLogs({ abi: [DEMO_ORDER_FILLED_EVENT], logs: multi.receipt.logs }).map(
      (log) => log.logIndex
    );
    expect(fills.slice(2).map((fill) => fill.logIndex)).toEqual([filledAt[0], filledAt[2]]);
  });

  it('keeps to the block range', async () => {
    const fills = await getFills(client, {
      ...params,
      fromBlock: sent.fill2.receipt.blockNumber,
      toBlock: sent.ignored.receipt.blockNumber,
    });
    expect(fills.map((fill) => fill.orderHash)).toEqual([hashOf('o2')]);
  });

  it('returns [] at once for blocks without fills, and without asking anything when no quote is given', async () => {
    const proxy = await startTestProxy({ target: (anvil as AnvilHandle).url });
    try {
      const counted = createRpcClient({ nodes: [{ name: 'counted', url: proxy.url }] });
      const started = Date.now();
      expect(await getFills(counted, { ...params, fromBlock: emptyBlocks.from, toBlock: emptyBlocks.to })).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(proxy.methods).toEqual(['eth_getLogs']);
      // The ignored fill's block: a fill of the maker, but not of a quote we know: found by the maker's
      // outgoing transfer, its receipt read, its OrderFilled not ours.
      proxy.reset();
      const ignoredBlock = sent.ignored.receipt.blockNumber;
      expect(await getFills(counted, { ...params, fromBlock: ignoredBlock, toBlock: ignoredBlock })).toEqual([]);
      expect(proxy.methods).toEqual(['eth_getLogs', 'eth_getTransactionReceipt']);
      // Another maker's fill: the market's cost is not ours, not even its receipt is read.
      proxy.reset();
      const marketBlock = sent.market.receipt.blockNumber;
      expect(await getFills(counted, { ...params, fromBlock: marketBlock, toBlock: marketBlock })).toEqual([]);
      expect(proxy.methods).toEqual(['eth_getLogs']);
      proxy.reset();
      expect(await getFills(counted, { ...params, orderHashes: new Set() })).toEqual([]);
      expect(proxy.requests).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('gives the same fills when the node refuses ranges over 2 blocks', async () => {
    const proxy: TestProxy = await startTestProxy({ target: (anvil as AnvilHandle).url, maxLogRange: 2 });
    try {
      const limited = createRpcClient({ nodes: [{ name: 'limited', url: proxy.url }] });
      const fills = await getFills(limited, params);
      expect(proxy.refused).toBeGreaterThan(0);
      expect(fills).toEqual(await getFills(client, params));
    } finally {
      await proxy.close();
    }
  });

  it('names the fill it cannot attribute when a receiver is missing from the makers', async () => {
    const error = (await rejection(getFills(client, { ...params, makers: [maker] }))) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('1inch');
    expect(error.message).toContain(hashOf('o2'));
    expect(error.message).toContain('no ERC-20 Transfer to a maker wallet');
    expect(error.fix).toContain('receiver');
  });

  it('refuses a fill whose maker leg is in a token outside the list', async () => {
    const error = (await rejection(getFills(client, { ...params, tokens: [usdc] }))) as PmmError;
    expect(error.source).toBe('1inch');
    expect(error.message).toContain(hashOf('o1'));
    expect(error.message).toContain('no ERC-20 Transfer from a maker wallet');
  });
});

describe('getSettlementStatuses', () => {
  it('tells a filled settlement, a reverted one and one the chain never saw, in the order given', async () => {
    const never: Hash = `0x${'cd'.repeat(32)}`;
    const hashes = [
      sent.fill1.receipt.transactionHash,
      sent.replay.receipt.transactionHash,
      never,
      sent.multi.receipt.transactionHash,
      sent.fill1.receipt.transactionHash,
    ];
    const statuses = await getSettlementStatuses(client, { txHashes: hashes });
    expect(statuses.map((entry) => [entry.txHash, entry.status])).toEqual([
      [hashes[0], 'success'],
      [hashes[1], 'reverted'],
      [never, 'unknown'],
      [hashes[3], 'success'],
      [hashes[0], 'success'],
    ]);
    expect(statuses[1].blockNumber).toBe(sent.replay.receipt.blockNumber);
    expect(statuses[1].gasUsed).toBe(sent.replay.receipt.gasUsed);
    expect(statuses[2].blockNumber).toBeUndefined();
  });

  it('the reverted settlement left no fill', async () => {
    const replayBlock = sent.replay.receipt.blockNumber;
    expect(await getFills(client, { ...params, fromBlock: replayBlock, toBlock: replayBlock })).toEqual([]);
  });

  it('rejects what is not a transaction hash', async () => {
    const error = (await rejection(getSettlementStatuses(client, { txHashes: ['0x1234'] }))) as PmmError;
    expect(error.source).toBe('1inch');
  });
});
