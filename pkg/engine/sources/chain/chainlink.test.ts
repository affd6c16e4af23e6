/**
 * Chainlink reads against anvil with the demo feeds: posted prices read back at the block they were
 * posted and before, their age against the block's own time, and broken feeds failing alone.
 */
import { encodeAbiParameters, getAddress, keccak256, pad, toHex, type Address } from 'viem';
import { getBlock, getBlockNumber } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoClients, type DemoClients } from '../../../demo/chain/clients';
import { installMulticall3 } from '../../../demo/chain/multicall3';
import { deployFeeds, postPrice, priceFeedAbi, type Feeds } from '../../../demo/contracts/feeds';
import { deployTokens } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import { getFeedPrices, type FeedPriceEntry } from './chainlink';

jest.setTimeout(60_000);

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let feeds: Feeds;
let usdc: Address;
let beforeFeeds: bigint;
let deployed: bigint;
let posted: bigint;

const success = (entry: FeedPriceEntry) => {
  if (entry.status !== 'success') {
    throw entry.error;
  }
  return entry;
};
const timestampOf = async (blockNumber: bigint) => Number((await getBlock(demo.public, { blockNumber })).timestamp);

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  usdc = getAddress((await deployTokens(demo)).USDC.address);
  beforeFeeds = await getBlockNumber(demo.public, { cacheTime: 0 });
  const raw = await deployFeeds(demo, { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 0.9995 });
  feeds = Object.fromEntries(Object.entries(raw).map(([symbol, feed]) => [symbol, getAddress(feed)])) as Feeds;
  deployed = await getBlockNumber(demo.public, { cacheTime: 0 });
  await demo.test.increaseTime({ seconds: 600 });
  await postPrice(demo, feeds.WETH, 3100.5);
  posted = await getBlockNumber(demo.public, { cacheTime: 0 });
  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
});

afterAll(async () => {
  await anvil?.stop();
});

describe('getFeedPrices', () => {
  it('reads the posted price at its block and the previous one before it', async () => {
    const [now] = await getFeedPrices(client, { feeds: [feeds.WETH], blockNumber: posted });
    const postedAt = await timestampOf(posted);
    expect(success(now)).toEqual({
      feed: feeds.WETH,
      status: 'success',
      answer: 310_050_000_000n,
      decimals: 8,
      price: 3100.5,
      description: 'ETH / USD',
      roundId: 2n,
      updatedAt: postedAt,
      ageSec: 0,
    });

    const [before] = await getFeedPrices(client, { feeds: [feeds.WETH], blockNumber: posted - 1n });
    expect(success(before)).toMatchObject({ answer: 300_000_000_000n, price: 3000, roundId: 1n });
    expect(success(before).updatedAt).toBeLessThanOrEqual(await timestampOf(deployed));
    expect(success(before).ageSec).toBe((await timestampOf(posted - 1n)) - success(before).updatedAt);
  });

  it('reads several feeds in one call, in order, with whole prices', async () => {
    const entries = await getFeedPrices(client, {
      feeds: [feeds.USDT, feeds.WBTC, feeds.USDC],
      blockNumber: posted,
    });
    expect(entries.map((e) => [e.feed, success(e).answer, success(e).price])).toEqual([
      [feeds.USDT, 99_950_000n, 0.9995],
      [feeds.WBTC, 6_000_000_000_000n, 60000],
      [feeds.USDC, 100_000_000n, 1],
    ]);
  });

  it('flags a price older than its heartbeat as stale, with a per-feed heartbeat winning', async () => {
    const postedAt = await timestampOf(posted);
    const mineAt = async (timestamp: number) => {
      await demo.test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
      await demo.test.mine({ blocks: 1 });
      return getBlockNumber(demo.public, { cacheTime: 0 });
    };
    // Exactly one heartbeat old: still fresh. One second more: stale.
    const onTheBeat = await mineAt(postedAt + 3_600);
    const late = await mineAt(postedAt + 3_601);
    const read = (blockNumber: bigint) =>
      getFeedPrices(client, {
        feeds: [feeds.WETH, { address: feeds.USDC, heartbeatSec: 86_400 }],
        blockNumber,
        heartbeatSec: 3_600,
      });
    const [wethOnTheBeat] = await read(onTheBeat);
    expect(success(wethOnTheBeat)).toMatchObject({ ageSec: 3_600, stale: false });
    const [weth, usdcFeed] = await read(late);
    expect(success(weth)).toMatchObject({ ageSec: 3_601, stale: true });
    // The USDC feed was last updated at deployment, over 4,200 s earlier: fresh for its own 86,400 s.
    expect(success(usdcFeed).ageSec).toBe(postedAt + 3_601 - success(usdcFeed).updatedAt);
    expect(success(usdcFeed).ageSec).toBeGreaterThan(3_600 + 600);
    expect(success(usdcFeed).stale).toBe(false);

    // Without a heartbeat there is no verdict, and at the posting block the price was fresh.
    const [unknown] = await getFeedPrices(client, { feeds: [feeds.WETH], blockNumber: late });
    expect(success(unknown).stale).toBeUndefined();
    const [fresh] = await getFeedPrices(client, { feeds: [feeds.WETH], blockNumber: posted, heartbeatSec: 3_600 });
    expect(success(fresh)).toMatchObject({ ageSec: 0, stale: false });
  });

  it('fails a feed that answers a non-positive price, alone', async () => {
    // PriceFeed storage: description (slot 0), latestRound (slot 1), rounds (slot 2: answer, startedAt, updatedAt).
    const round = 1n;
    const answerSlot = keccak256(encodeAbiParameters([{ type: 'uint80' }, { type: 'uint256' }], [round, 2n]));
    await demo.test.setStorageAt({ address: feeds.USDT, index: answerSlot, value: pad(toHex(0)) });
    await demo.test.mine({ blocks: 1 });
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    // The write really hit the answer: the feed itself now says 0.
    expect(
      await demo.public.readContract({ address: feeds.USDT, abi: priceFeedAbi, functionName: 'latestAnswer' })
    ).toBe(0n);

    const [usdt, wbtc] = await getFeedPrices(client, { feeds: [feeds.USDT, feeds.WBTC], blockNumber: latest });
    expect(usdt.status).toBe('failure');
    expect(usdt.error).toBeInstanceOf(PmmError);
    expect(usdt.error?.source).toBe('chainlink');
    expect(usdt.error?.message).toContain(`feed ${feeds.USDT} answered 0, not a positive price, in round 1`);
    expect(usdt.error?.fix).toBeDefined();
    expect(success(wbtc).answer).toBe(6_000_000_000_000n);
    // Before the write, the same feed was fine.
    const [earlier] = await getFeedPrices(client, { feeds: [feeds.USDT], blockNumber: posted });
    expect(success(earlier).answer).toBe(99_950_000n);
  });

  it('names a wrong feed address: no contract, a contract that is not a feed, a block before the feed', async () => {
    const maker = demo.wallet('maker').account.address;
    const [eoa, token, good] = await getFeedPrices(client, { feeds: [maker, usdc, feeds.WBTC], blockNumber: posted });
    expect(eoa.error?.message).toBe(`chainlink: no contract at ${maker} at block ${posted} (check the feed address)`);
    expect(token.status).toBe('failure');
    expect(token.error?.source).toBe('chainlink');
    expect(token.error?.message).toContain(usdc);
    expect(token.error?.message).toContain('a Chainlink price feed');
    expect(success(good).price).toBe(60000);

    const [missing] = await getFeedPrices(client, { feeds: [feeds.WBTC], blockNumber: beforeFeeds });
    expect(missing.error?.message).toContain(`no contract at ${feeds.WBTC} at block ${beforeFeeds}`);
  });

  it('refuses a heartbeat that is not a positive number', async () => {
    const error = (await rejection(
      getFeedPrices(client, { feeds: [feeds.WBTC], blockNumber: posted, heartbeatSec: 0 })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('chainlink');
  });
});
