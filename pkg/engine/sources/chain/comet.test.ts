/**
 * Compound III reads against the demo's Comet-compatible market on anvil: the configured market reads
 * back, positions built by hand read back at each step (and before it), a price drop makes the
 * borrower liquidatable, and the account's Supply/Withdraw events come back in order.
 */
import {
  getAddress,
  maxUint128,
  maxUint256,
  type Abi,
  type AbiParameter,
  type Address,
  type Hash,
  type TransactionReceipt,
} from 'viem';
import { getBlockNumber } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoClients, type DemoClients, type Role } from '../../../demo/chain/clients';
import { installMulticall3 } from '../../../demo/chain/multicall3';
import { cometAbi as demoCometAbi, deployComet } from '../../../demo/contracts/comet';
import { deployFeeds, postPrice, type Feeds } from '../../../demo/contracts/feeds';
import { deployTokens, mint, tokenAbi, type Tokens } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import {
  cometAbi,
  getCometFlows,
  getCometMarket,
  getCometPositions,
  type CometPositionEntry,
  type GetCometPositionsReturnType,
} from './comet';

jest.setTimeout(60_000);

const WAD = 10n ** 18n;
const USDC = 10n ** 6n;
/**
 * An explicit limit for set-up transactions: anvil estimates at the pending block's timestamp, and a
 * call mined a second later accrues interest first and can need more than the demo wallets' 25 % pad
 * (seen: a withdraw estimated at 77k ran out of gas at 96.7k).
 */
const SETUP_GAS = 1_000_000n;

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let tokens: Tokens;
let feeds: Feeds;
let comet: Address;
let maker: Address;
let taker: Address;
let deployer: Address;
let seeded: bigint;
let collateralIn: TransactionReceipt;
let borrowed: TransactionReceipt;
let repaid: TransactionReceipt;
let takerSupply: TransactionReceipt;
let takerCollateral: TransactionReceipt;
let dropBlock: bigint;

async function send(role: Role, address: Address, functionName: 'supply' | 'withdraw', asset: Address, amount: bigint) {
  const hash: Hash = await demo.wallet(role).writeContract({
    address,
    abi: demoCometAbi,
    functionName,
    args: [asset, amount],
    gas: SETUP_GAS,
  });
  const receipt = await demo.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  expect([role, functionName, asset, amount, receipt.status]).toEqual([role, functionName, asset, amount, 'success']);
  return receipt;
}

async function approve(role: Role, token: Address): Promise<void> {
  const hash = await demo.wallet(role).writeContract({
    address: token,
    abi: tokenAbi,
    functionName: 'approve',
    args: [comet, maxUint256],
    gas: SETUP_GAS,
  });
  await demo.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
}

function success(entry: CometPositionEntry) {
  if (entry.status !== 'success') {
    throw entry.error;
  }
  return entry;
}

/** Per account: [borrow, supplied, liquidatable, [collateral balances or error sources]]. */
function summary({ positions }: GetCometPositionsReturnType) {
  return positions.map((p) => {
    const s = success(p);
    return [
      s.borrowBalance,
      s.supplied,
      s.isLiquidatable,
      s.collateral.map((c) => (c.status === 'success' ? c.balance : c.error.source)),
    ];
  });
}

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  maker = demo.wallet('maker').account.address;
  taker = demo.wallet('taker1').account.address;
  deployer = demo.wallet('deployer').account.address;
  const rawTokens = await deployTokens(demo);
  tokens = Object.fromEntries(
    Object.entries(rawTokens).map(([symbol, token]) => [symbol, { ...token, address: getAddress(token.address) }])
  ) as Tokens;
  const rawFeeds = await deployFeeds(demo, { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 1 });
  feeds = Object.fromEntries(Object.entries(rawFeeds).map(([s, feed]) => [s, getAddress(feed)])) as Feeds;
  // Zero interest, so every balance below is exact at any block.
  const deployed = await deployComet(demo, {
    baseToken: tokens.USDC.address,
    baseFeed: feeds.USDC,
    borrowApr: 0,
    collaterals: [
      {
        asset: tokens.WETH.address,
        feed: feeds.WETH,
        scale: WAD,
        borrowCF: 0.825,
        liquidateCF: 0.895,
        liquidationFactor: 0.95,
      },
      {
        asset: tokens.WBTC.address,
        feed: feeds.WBTC,
        scale: 10n ** 8n,
        borrowCF: 0.7,
        liquidateCF: 0.77,
        liquidationFactor: 0.9,
        supplyCap: 100n * 10n ** 8n,
      },
    ],
  });
  comet = getAddress(deployed.address);

  await mint(demo, tokens.USDC.address, deployer, 1_000_000n * USDC);
  await approve('deployer', tokens.USDC.address);
  await send('deployer', comet, 'supply', tokens.USDC.address, 1_000_000n * USDC);
  seeded = await getBlockNumber(demo.public, { cacheTime: 0 });

  await mint(demo, tokens.WETH.address, maker, 10n * WAD);
  await mint(demo, tokens.USDC.address, maker, 1_000n * USDC);
  await approve('maker', tokens.WETH.address);
  await approve('maker', tokens.USDC.address);
  collateralIn = await send('maker', comet, 'supply', tokens.WETH.address, 10n * WAD);
  borrowed = await send('maker', comet, 'withdraw', tokens.USDC.address, 15_000n * USDC);
  repaid = await send('maker', comet, 'supply', tokens.USDC.address, 5_000n * USDC);

  await mint(demo, tokens.USDC.address, taker, 2_000n * USDC);
  await mint(demo, tokens.WBTC.address, taker, 50_000_000n);
  await approve('taker1', tokens.USDC.address);
  await approve('taker1', tokens.WBTC.address);
  takerSupply = await send('taker1', comet, 'supply', tokens.USDC.address, 2_000n * USDC);
  takerCollateral = await send('taker1', comet, 'supply', tokens.WBTC.address, 50_000_000n);

  // 10 WETH × 1,100 × 0.895 = 9,845 USD < 10,000 USD of debt.
  await postPrice(demo, feeds.WETH, 1100);
  dropBlock = await getBlockNumber(demo.public, { cacheTime: 0 });

  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
});

afterAll(async () => {
  await anvil?.stop();
});

/** An ABI entry without parameter names: type, indexed flag, outputs and mutability. */
function shape(item: Abi[number]): string {
  const param = (p: AbiParameter): string => {
    const components = 'components' in p ? p.components : undefined;
    const type = components ? `(${components.map(param).join(',')})${p.type.slice('tuple'.length)}` : p.type;
    return 'indexed' in p && p.indexed ? `${type} indexed` : type;
  };
  if (item.type === 'error') {
    return `error ${item.name}(${item.inputs.map(param).join(',')})`;
  }
  if (item.type !== 'function' && item.type !== 'event') {
    return item.type;
  }
  const outputs =
    item.type === 'function' ? ` returns (${item.outputs.map(param).join(',')}) ${item.stateMutability}` : '';
  return `${item.type} ${item.name}(${item.inputs.map(param).join(',')})${outputs}`;
}

describe('the engine Comet ABI', () => {
  it('is a subset of the demo market ABI (itself checked against the compiled contract)', () => {
    const demoShapes = new Set((demoCometAbi as Abi).map(shape));
    const missing = (cometAbi as Abi).map(shape).filter((s) => !demoShapes.has(s));
    expect(missing).toEqual([]);
  });
});

describe('getCometMarket', () => {
  it('reads the base asset and every collateral as configured', async () => {
    const market = await getCometMarket(client, { market: comet });
    expect(market).toEqual({
      market: comet,
      baseToken: tokens.USDC.address,
      baseTokenPriceFeed: feeds.USDC,
      baseScale: USDC,
      baseDecimals: 6,
      numAssets: 2,
      assets: [
        {
          offset: 0,
          asset: tokens.WETH.address,
          priceFeed: feeds.WETH,
          scale: WAD,
          decimals: 18,
          borrowCollateralFactor: 825n * 10n ** 15n,
          liquidateCollateralFactor: 895n * 10n ** 15n,
          liquidationFactor: 950n * 10n ** 15n,
          supplyCap: maxUint128,
          fractions: { borrowCollateralFactor: 0.825, liquidateCollateralFactor: 0.895, liquidationFactor: 0.95 },
        },
        {
          offset: 1,
          asset: tokens.WBTC.address,
          priceFeed: feeds.WBTC,
          scale: 10n ** 8n,
          decimals: 8,
          borrowCollateralFactor: 700n * 10n ** 15n,
          liquidateCollateralFactor: 770n * 10n ** 15n,
          liquidationFactor: 900n * 10n ** 15n,
          supplyCap: 100n * 10n ** 8n,
          fractions: { borrowCollateralFactor: 0.7, liquidateCollateralFactor: 0.77, liquidationFactor: 0.9 },
        },
      ],
    });
  });

  it('names a wrong market: no contract, or a contract that is not Comet', async () => {
    for (const wrong of [maker, tokens.WETH.address]) {
      const error = (await rejection(getCometMarket(client, { market: wrong }))) as PmmError;
      expect(error).toBeInstanceOf(PmmError);
      expect(error.source).toBe('compound-v3');
      expect(error.message).toContain(wrong);
      expect(error.fix).toContain('Comet market address');
    }
    const error = (await rejection(getCometMarket(client, { market: maker }))) as PmmError;
    expect(error.message).toContain(`no contract at ${maker}`);
  });
});

describe('getCometPositions', () => {
  const read = (blockNumber: bigint, accounts: Address[] = [maker, taker]) =>
    getCometPositions(client, {
      market: comet,
      accounts,
      collateralAssets: [tokens.WETH.address, tokens.WBTC.address],
      blockNumber,
    });

  it('reads each step of the positions at its block, and nothing before', async () => {
    expect(summary(await read(seeded))).toEqual([
      [0n, 0n, false, [0n, 0n]],
      [0n, 0n, false, [0n, 0n]],
    ]);
    expect(summary(await read(collateralIn.blockNumber))).toEqual([
      [0n, 0n, false, [10n * WAD, 0n]],
      [0n, 0n, false, [0n, 0n]],
    ]);
    expect(summary(await read(borrowed.blockNumber))).toEqual([
      [15_000n * USDC, 0n, false, [10n * WAD, 0n]],
      [0n, 0n, false, [0n, 0n]],
    ]);
    expect(summary(await read(takerCollateral.blockNumber))).toEqual([
      [10_000n * USDC, 0n, false, [10n * WAD, 0n]],
      [0n, 2_000n * USDC, false, [0n, 50_000_000n]],
    ]);
    const deployerSide = await read(seeded, [deployer]);
    expect(success(deployerSide.positions[0]).supplied).toBe(1_000_000n * USDC);
  });

  it('gives whole-token amounts', async () => {
    const { positions, baseScale } = await read(takerCollateral.blockNumber);
    expect(baseScale).toBe(USDC);
    const [m, t] = positions.map(success);
    expect([m.borrowBalanceTokens, m.suppliedTokens]).toEqual([10_000, 0]);
    expect([t.borrowBalanceTokens, t.suppliedTokens]).toEqual([0, 2_000]);
    expect(m.collateral.map((c) => (c.status === 'success' ? c.balanceTokens : null))).toEqual([10, 0]);
    expect(t.collateral.map((c) => (c.status === 'success' ? c.balanceTokens : null))).toEqual([0, 0.5]);
  });

  it('turns liquidatable after the price drop, not before', async () => {
    expect(summary(await read(dropBlock - 1n))[0][2]).toBe(false);
    expect(summary(await read(dropBlock))).toEqual([
      [10_000n * USDC, 0n, true, [10n * WAD, 0n]],
      [0n, 2_000n * USDC, false, [0n, 50_000_000n]],
    ]);
  });

  it('fails an asset that is not a collateral of the market alone, and a wrong market for the whole read', async () => {
    const { positions } = await getCometPositions(client, {
      market: comet,
      accounts: [maker],
      collateralAssets: [tokens.USDT.address, tokens.WETH.address, tokens.USDC.address],
      blockNumber: dropBlock,
    });
    const [usdt, weth, usdc] = success(positions[0]).collateral;
    expect(usdt.status).toBe('failure');
    expect(usdt.error?.source).toBe('compound-v3');
    expect(usdt.error?.message).toContain(`${tokens.USDT.address} is not a collateral of Comet market ${comet}`);
    expect(weth).toMatchObject({ status: 'success', balance: 10n * WAD });
    // The base asset is not a collateral either.
    expect(usdc.error?.message).toContain(`${tokens.USDC.address} is not a collateral`);

    const error = (await rejection(
      getCometPositions(client, {
        market: feeds.WETH,
        accounts: [maker],
        collateralAssets: [tokens.WETH.address],
        blockNumber: dropBlock,
      })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('compound-v3');
    expect(error.message).toContain(feeds.WETH);
  });
});

describe('getCometFlows', () => {
  it('lists the account base and collateral flows in chain order', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const flows = await getCometFlows(client, { market: comet, fromBlock: seeded, toBlock: latest, accounts: [maker] });
    const place = (receipt: TransactionReceipt) => ({
      blockNumber: receipt.blockNumber,
      txHash: receipt.transactionHash,
      logIndex: expect.any(Number),
    });
    expect(flows).toEqual([
      {
        kind: 'supplyCollateral',
        account: maker,
        counterparty: maker,
        asset: tokens.WETH.address,
        amount: 10n * WAD,
        ...place(collateralIn),
      },
      {
        kind: 'withdraw',
        account: maker,
        counterparty: maker,
        asset: tokens.USDC.address,
        amount: 15_000n * USDC,
        ...place(borrowed),
      },
      {
        kind: 'supply',
        account: maker,
        counterparty: maker,
        asset: tokens.USDC.address,
        amount: 5_000n * USDC,
        ...place(repaid),
      },
    ]);
  });

  it('keeps accounts apart and honours the range', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const both = await getCometFlows(client, {
      market: comet,
      fromBlock: borrowed.blockNumber,
      toBlock: latest,
      accounts: [maker, taker],
    });
    expect(both.map((f) => [f.kind, f.account, f.amount, f.blockNumber])).toEqual([
      ['withdraw', maker, 15_000n * USDC, borrowed.blockNumber],
      ['supply', maker, 5_000n * USDC, repaid.blockNumber],
      ['supply', taker, 2_000n * USDC, takerSupply.blockNumber],
      ['supplyCollateral', taker, 50_000_000n, takerCollateral.blockNumber],
    ]);
    // The deployer's seed supply is before the range.
    expect(
      await getCometFlows(client, {
        market: comet,
        fromBlock: borrowed.blockNumber,
        toBlock: latest,
        accounts: [deployer],
      })
    ).toEqual([]);
    expect(await getCometFlows(client, { market: comet, fromBlock: 0n, toBlock: latest, accounts: [] })).toEqual([]);
  });

  it('names a wrong market and a reversed range', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const wrong = (await rejection(
      getCometFlows(client, { market: tokens.USDC.address, fromBlock: seeded, toBlock: latest, accounts: [maker] })
    )) as PmmError;
    expect(wrong.source).toBe('compound-v3');
    expect(wrong.message).toContain(tokens.USDC.address);
    const reversed = (await rejection(
      getCometFlows(client, { market: comet, fromBlock: latest, toBlock: seeded, accounts: [maker] })
    )) as PmmError;
    expect(reversed.source).toBe('compound-v3');
    expect(reversed.message).toContain('empty or negative');
  });
});
