/**
 * Revision 2's prices read from chain and CoinGecko: demo feeds on anvil (one left a second past its
 * heartbeat, one that reverts, one address without code) and a CoinGecko stand-in whose chart has a
 * point at each block. Hand values: the prices posted and served below.
 */
import { getAddress, type Address } from 'viem';
import { getBlock, getBlockNumber } from 'viem/actions';

import { PmmError } from '../../../src/core/errors';
import { rejection } from '../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../demo/chain/anvil';
import { demoClients, type DemoClients } from '../../demo/chain/clients';
import { installMulticall3 } from '../../demo/chain/multicall3';
import { deployFeeds, postPrice, type Feeds } from '../../demo/contracts/feeds';
import { deployTokens } from '../../demo/contracts/tokens';
import { createBlockCache } from '../cache/blockCache';
import { startStandIn, type StandIn } from '../sources/offchain/testStandIn';
import { createRpcClient, type RpcClient } from '../sources/rpc/rpcClient';
import { createBlockPoints } from '../time/blockPoints';
import { DEFAULT_GATHER_OPTIONS, type GatherContext } from './context';
import { createKnownSince } from './deployment/knownSince';
import { chartPriceNear, COINGECKO_MAX_AGE_MS, createPriceReader, type BlockRef } from './prices';
import type { ResolvedAsset } from './sourcesConfig';
import { queryBlockReader } from './stateBlocks';

jest.setTimeout(60_000);

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let coingecko: StandIn;
let feeds: Feeds;
let usdcToken: Address;
/** WETH's answer exactly one heartbeat old, then one second older. */
let onTheBeat: BlockRef;
let late: BlockRef;

/** What the CoinGecko stand-in serves at each of the two blocks, by coin id. */
const SERVED: Record<string, [number, number]> = {
  ethereum: [3050, 3200],
  'wrapped-bitcoin': [58_000, 58_000],
  'usd-coin': [1.0002, 0.9998],
  tether: [0.999, 1.001],
};
const NO_CODE = getAddress('0x000000000000000000000000000000000000dEaD');

async function mineAt(timestamp: number): Promise<BlockRef> {
  await demo.test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
  await demo.test.mine({ blocks: 1 });
  const block = await getBlock(demo.public, { blockNumber: await getBlockNumber(demo.public, { cacheTime: 0 }) });
  return { number: block.number, hash: block.hash, timeMs: Number(block.timestamp) * 1000 };
}

function context(assets: ResolvedAsset[], coingeckoUrl?: string): GatherContext {
  return {
    settings: { nodes: [], wallets: [], assets: [], venues: {}, endpoints: { coingeckoUrl } },
    secrets: {},
    client,
    assets,
    wallets: { holders: [], names: new Map(), flashLoanReceivers: [] },
    cache: createBlockCache(),
    blockPoints: createBlockPoints(),
    blocks: queryBlockReader(client),
    http: {},
    options: DEFAULT_GATHER_OPTIONS,
    deployments: createKnownSince(),
  };
}

const asset = (symbol: string, feed: Address, coingeckoId: string, heartbeatSec?: number): ResolvedAsset => ({
  symbol,
  stable: false,
  address: NO_CODE,
  decimals: 18,
  feed,
  coingeckoId,
  heartbeatSec,
});

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  usdcToken = getAddress((await deployTokens(demo)).USDC.address);
  const raw = await deployFeeds(demo, { WETH: 3000, WBTC: 60_000, USDC: 1, USDT: 1 });
  feeds = Object.fromEntries(Object.entries(raw).map(([symbol, feed]) => [symbol, getAddress(feed)])) as Feeds;
  await demo.test.increaseTime({ seconds: 600 });
  await postPrice(demo, feeds.WETH, 3100);
  const posted = await getBlock(demo.public, { blockNumber: await getBlockNumber(demo.public, { cacheTime: 0 }) });
  onTheBeat = await mineAt(Number(posted.timestamp) + 3_600);
  late = await mineAt(Number(posted.timestamp) + 3_601);
  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
  coingecko = await startStandIn();
  coingecko.handle = ({ path }) => {
    const id = /\/coins\/([^/]+)\/market_chart\/range$/.exec(path)?.[1];
    const served = id ? SERVED[id] : undefined;
    if (!served) {
      return { status: 404, body: { error: 'coin not found' } };
    }
    return { status: 200, body: { prices: [onTheBeat, late].map((b, i) => [b.timeMs, served[i]]) } };
  };
});

afterAll(async () => {
  await coingecko?.close();
  await anvil?.stop();
});

describe('createPriceReader with CoinGecko configured', () => {
  const assets = () => [
    asset('WETH', feeds.WETH, 'ethereum'),
    // A daily feed (as USDC/USD on mainnet): its answer from deployment is fresh for 86,400 s.
    asset('WBTC', feeds.WBTC, 'wrapped-bitcoin', 86_400),
    // A token is not a feed: latestRoundData() reverts.
    asset('USDC', usdcToken, 'usd-coin'),
    asset('USDT', NO_CODE, 'tether'),
  ];

  it("values a fresh answer at the feed, a stale one and a failed feed at CoinGecko's price there", async () => {
    const reader = createPriceReader(context(assets(), coingecko.url), { fromMs: onTheBeat.timeMs, toMs: late.timeMs });
    const prices = await reader.pricesAt([onTheBeat, late]);
    const at = (block: BlockRef) => ['WETH', 'WBTC', 'USDC', 'USDT'].map(prices(block.number));
    // WETH one heartbeat old: its answer; WBTC 3.4 % off CoinGecko: its answer (flagged).
    expect(at(onTheBeat)).toEqual([3100, 60_000, 1.0002, 0.999]);
    // WETH a second past its heartbeat: CoinGecko's 3,200.
    expect(at(late)).toEqual([3200, 60_000, 0.9998, 1.001]);
    // What the feeds themselves answered (a lending protocol's oracle): the stale 3,100 included.
    expect(['WETH', 'WBTC'].map(prices.onchain(late.number))).toEqual([3100, 60_000]);
  });

  it('flags each of them, once per block, asset and problem', async () => {
    const reader = createPriceReader(context(assets(), coingecko.url), { fromMs: onTheBeat.timeMs, toMs: late.timeMs });
    await reader.pricesAt([onTheBeat, late]);
    await reader.pricesAt([late]);
    const flags = reader.flags().map((f) => [f.blockNumber, f.symbol, f.problem.kind, f.valuedAt]);
    expect(flags).toEqual([
      [onTheBeat.number, 'USDC', 'failed', 'coingecko'],
      [onTheBeat.number, 'USDT', 'failed', 'coingecko'],
      [onTheBeat.number, 'WBTC', 'deviating', 'feed'],
      [late.number, 'USDC', 'failed', 'coingecko'],
      [late.number, 'USDT', 'failed', 'coingecko'],
      [late.number, 'WBTC', 'deviating', 'feed'],
      // 3,100 ÷ 3,200 − 1 = −3.1 %: the replaced answer was off CoinGecko too.
      [late.number, 'WETH', 'stale', 'coingecko'],
      [late.number, 'WETH', 'deviating', 'coingecko'],
    ]);
    const stale = reader.flags().find((f) => f.symbol === 'WETH' && f.problem.kind === 'stale');
    expect(stale?.problem).toEqual({ kind: 'stale', ageSec: 3_601, heartbeatSec: 3_600 });
    const failed = reader.flags().find((f) => f.symbol === 'USDC');
    expect(failed?.problem.kind === 'failed' && failed.problem.reason).toContain(usdcToken);
  });
});

describe('createPriceReader when CoinGecko cannot be read', () => {
  it('keeps the stale answer and flags the feed as unchecked, naming why', async () => {
    // The stand-in answers 404 for a coin it does not know.
    const reader = createPriceReader(context([asset('WETH', feeds.WETH, 'no-such-coin')], coingecko.url), {
      fromMs: onTheBeat.timeMs,
      toMs: late.timeMs,
    });
    const prices = await reader.pricesAt([onTheBeat, late]);
    expect([prices(onTheBeat.number)('WETH'), prices(late.number)('WETH')]).toEqual([3100, 3100]);
    expect(reader.flags().map((f) => [f.blockNumber, f.problem.kind, f.valuedAt])).toEqual([
      [onTheBeat.number, 'unchecked', 'feed'],
      [late.number, 'stale', 'feed'],
      [late.number, 'unchecked', 'feed'],
    ]);
    const unchecked = reader.flags()[0].problem;
    expect(unchecked.kind === 'unchecked' && unchecked.reason).toContain('404');
  });
});

describe('createPriceReader without CoinGecko', () => {
  it('keeps a stale answer and flags it; checks no deviation', async () => {
    const reader = createPriceReader(context([asset('WETH', feeds.WETH, 'ethereum')]), {
      fromMs: onTheBeat.timeMs,
      toMs: late.timeMs,
    });
    const prices = await reader.pricesAt([onTheBeat, late]);
    expect(prices(late.number)('WETH')).toBe(3100);
    expect(reader.flags()).toEqual([
      {
        symbol: 'WETH',
        blockNumber: late.number,
        timeMs: late.timeMs,
        valuedAt: 'feed',
        problem: { kind: 'stale', ageSec: 3_601, heartbeatSec: 3_600 },
      },
    ]);
  });

  it("fails with the feed's own error where a feed reverts", async () => {
    const reader = createPriceReader(context([asset('USDC', usdcToken, 'usd-coin')]), {
      fromMs: onTheBeat.timeMs,
      toMs: late.timeMs,
    });
    const error = await rejection(reader.pricesAt([late]));
    expect(error).toBeInstanceOf(PmmError);
    expect((error as PmmError).source).toBe('chainlink');
    expect((error as PmmError).message).toContain(usdcToken);
  });
});

describe('chartPriceNear', () => {
  const chart = [
    { timeMs: 1_000_000, price: 10 },
    { timeMs: 2_000_000, price: 20 },
  ];

  it('takes the last point at or before the time, up to COINGECKO_MAX_AGE_MS old, and none before the first', () => {
    expect(chartPriceNear(chart, 1_999_999)).toBe(10);
    expect(chartPriceNear(chart, 2_000_000)).toBe(20);
    expect(chartPriceNear(chart, 2_000_000 + COINGECKO_MAX_AGE_MS)).toBe(20);
    expect(chartPriceNear(chart, 2_000_001 + COINGECKO_MAX_AGE_MS)).toBeUndefined();
    expect(chartPriceNear(chart, 999_999)).toBeUndefined();
  });
});
