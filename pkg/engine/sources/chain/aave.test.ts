/**
 * Aave V3 reads against a real Aave V3 market on anvil (the demo's, built from @aave/core-v3): a
 * supply, a borrow, a flash loan, a repayment and a price drop, each read back as computed by hand
 * from what the test did, at the block after it and before it; wrong addresses named, not zero.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  getAddress,
  maxUint256,
  parseAbi,
  parseUnits,
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
import { demoClients, type DemoClients } from '../../../demo/chain/clients';
import { installMulticall3 } from '../../../demo/chain/multicall3';
import { deployAaveMarket, type AaveMarket } from '../../../demo/contracts/aave';
import { deployFeeds, postPrice, type Feeds } from '../../../demo/contracts/feeds';
import { deployFlashLoanReceiver } from '../../../demo/contracts/flashloan';
import { deployTokens, mint, tokenAbi, type Tokens } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import {
  aaveAddressesProviderAbi,
  aaveOracleAbi,
  aavePoolAbi,
  getAaveAccountData,
  getAaveDebtFlows,
  getAaveFlashLoans,
  getAavePositions,
  getAaveReserves,
  type AaveReserveTokens,
} from './aave';

jest.setTimeout(90_000);

// The demo market's configuration (RESERVES in pkg/demo/contracts/aave.ts), written out by hand.
// prettier-ignore
const CONFIGURED = {
  WETH: { decimals: 18, ltvBps: 8000, liquidationThresholdBps: 8250, liquidationBonusBps: 10500 },
  WBTC: { decimals: 8, ltvBps: 7300, liquidationThresholdBps: 7800, liquidationBonusBps: 10500 },
  USDC: { decimals: 6, ltvBps: 7700, liquidationThresholdBps: 8000, liquidationBonusBps: 10450 },
  USDT: { decimals: 6, ltvBps: 7500, liquidationThresholdBps: 7800, liquidationBonusBps: 10500 },
} as const;
const SYMBOLS = ['WETH', 'WBTC', 'USDC', 'USDT'] as const;

const poolWriteAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
]);

const SUPPLIED = parseUnits('100', 18);
const BORROWED = parseUnits('150000', 6);
const REPAID = parseUnits('30000', 6);
const FLASH = parseUnits('1000', 6);
const BASE = 10n ** 8n;
const SECONDS_PER_YEAR = 31_536_000n;
/**
 * An explicit limit for the pool calls: anvil estimates at the pending block's timestamp, and a call
 * mined a second later updates the reserve indexes first, which can exceed the demo wallets' 25 % pad.
 */
const SETUP_GAS = 2_000_000n;
const WAD = 10n ** 18n;

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let tokens: Tokens;
let feeds: Feeds;
let market: AaveMarket;
let pool: Address;
let maker: Address;
let deployer: Address;
let receiver: Address;
let marketBlock: bigint;
let supplyReceipt: TransactionReceipt;
let borrowReceipt: TransactionReceipt;
let flashReceipt: TransactionReceipt;
let repayReceipt: TransactionReceipt;
let dropBlock: bigint;

async function wait(hash: Hash): Promise<TransactionReceipt> {
  const receipt = await demo.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  expect(receipt.status).toBe('success');
  return receipt;
}

/** |actual − expected| ≤ slack: interest accrues per second, so debt grows by a few units per block. */
function near(actual: bigint, expected: bigint, slack: bigint): void {
  expect([actual, actual >= expected - slack && actual <= expected + slack]).toEqual([actual, true]);
}

/**
 * Interest on the borrow until the repayment, by hand: USDC utilization 150,000 / 50,000,000 seeded
 * = 0.3 %, below the 90 % optimum, so the variable rate is slope1 4 % × 0.3 % / 90 % a year, accrued
 * over the seconds between the two blocks (compounding adds ~1e-5 of it: inside the tolerance).
 */
async function expectedInterest(): Promise<bigint> {
  const time = async (blockNumber: bigint) => (await demo.public.getBlock({ blockNumber })).timestamp;
  const elapsed = (await time(repayReceipt.blockNumber)) - (await time(borrowReceipt.blockNumber));
  // rate = 0.04 × 0.003 / 0.9 = 12 / 90,000 a year
  return (BORROWED * 12n * elapsed) / (90_000n * SECONDS_PER_YEAR);
}

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  maker = demo.wallet('maker').account.address;
  deployer = demo.wallet('deployer').account.address;
  const rawTokens = await deployTokens(demo);
  tokens = Object.fromEntries(
    Object.entries(rawTokens).map(([symbol, token]) => [symbol, { ...token, address: getAddress(token.address) }])
  ) as Tokens;
  feeds = await deployFeeds(demo, { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 1 });
  market = await deployAaveMarket(demo, tokens, feeds);
  pool = getAddress(market.pool);
  marketBlock = await getBlockNumber(demo.public, { cacheTime: 0 });

  const wallet = demo.wallet('maker');
  await mint(demo, tokens.WETH.address, maker, SUPPLIED);
  await wait(
    await wallet.writeContract({
      address: tokens.WETH.address,
      abi: tokenAbi,
      functionName: 'approve',
      args: [pool, maxUint256],
    })
  );
  supplyReceipt = await wait(
    await wallet.writeContract({
      address: pool,
      abi: poolWriteAbi,
      functionName: 'supply',
      args: [tokens.WETH.address, SUPPLIED, maker, 0],
      gas: SETUP_GAS,
    })
  );
  borrowReceipt = await wait(
    await wallet.writeContract({
      address: pool,
      abi: poolWriteAbi,
      functionName: 'borrow',
      args: [tokens.USDC.address, BORROWED, 2n, 0, maker],
      gas: SETUP_GAS,
    })
  );

  const deployed = await deployFlashLoanReceiver(demo, 'maker');
  receiver = getAddress(deployed.address);
  await wait(
    await wallet.writeContract({
      address: tokens.USDC.address,
      abi: tokenAbi,
      functionName: 'transfer',
      args: [receiver, parseUnits('1', 6)],
    })
  );
  flashReceipt = await wait(
    await wallet.writeContract({
      address: receiver,
      abi: deployed.abi,
      functionName: 'run',
      args: [pool, tokens.USDC.address, FLASH],
      gas: SETUP_GAS,
    })
  );

  await wait(
    await wallet.writeContract({
      address: tokens.USDC.address,
      abi: tokenAbi,
      functionName: 'approve',
      args: [pool, maxUint256],
    })
  );
  // A month of interest before the repayment, so the debt read has grown by a computable amount.
  await demo.test.increaseTime({ seconds: 30 * 86_400 });
  repayReceipt = await wait(
    await wallet.writeContract({
      address: pool,
      abi: poolWriteAbi,
      functionName: 'repay',
      args: [tokens.USDC.address, REPAID, 2n, maker],
      gas: SETUP_GAS,
    })
  );
  await postPrice(demo, feeds.WETH, 2000);
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
  if (item.type !== 'function' && item.type !== 'event') {
    return item.type;
  }
  const outputs =
    item.type === 'function' ? ` returns (${item.outputs.map(param).join(',')}) ${item.stateMutability}` : '';
  return `${item.type} ${item.name}(${item.inputs.map(param).join(',')})${outputs}`;
}

function artifactAbi(contract: string): Abi {
  const root = path.dirname(require.resolve('@aave/core-v3/package.json'));
  const file = path.join(root, 'artifacts', 'contracts', `${contract}.sol`, `${path.basename(contract)}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { abi: Abi }).abi;
}

describe('the engine ABI fragments', () => {
  it('match @aave/core-v3 artifacts entry by entry', () => {
    const cases: Array<[ReadonlyArray<Abi[number]>, string]> = [
      [aavePoolAbi, 'protocol/pool/Pool'],
      [aaveAddressesProviderAbi, 'protocol/configuration/PoolAddressesProvider'],
      [aaveOracleAbi, 'misc/AaveOracle'],
    ];
    for (const [ours, contract] of cases) {
      const theirs = new Set(artifactAbi(contract).map(shape));
      for (const item of ours) {
        expect([contract, shape(item), theirs.has(shape(item))]).toEqual([contract, shape(item), true]);
      }
    }
  });
});

describe('getAaveReserves', () => {
  it('decodes the configured risk parameters and token addresses of every reserve', async () => {
    const read = await getAaveReserves(client, { pool, assets: SYMBOLS.map((s) => tokens[s].address) });
    expect(read.pool).toBe(pool);
    expect(read.flashLoanPremiumBps).toBe(5);
    expect(read.reserves).toEqual(
      SYMBOLS.map((symbol) => ({
        asset: tokens[symbol].address,
        status: 'success',
        // From the data provider at deployment: a different contract and call than getReserveData.
        aToken: getAddress(market.aTokens[symbol]),
        variableDebtToken: getAddress(market.variableDebtTokens[symbol]),
        stableDebtToken: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
        ...CONFIGURED[symbol],
        active: true,
        frozen: false,
        paused: false,
        borrowingEnabled: true,
        flashLoanEnabled: true,
      }))
    );
  });

  it('fails an unlisted asset alone, and a wrong pool for the whole read', async () => {
    const aWeth = getAddress(market.aTokens.WETH);
    const { reserves } = await getAaveReserves(client, { pool, assets: [aWeth, tokens.USDC.address] });
    expect(reserves[0].status).toBe('failure');
    expect(reserves[0].error?.source).toBe('aave-v3');
    expect(reserves[0].error?.message).toContain(`asset ${aWeth} is not listed on Aave pool ${pool}`);
    expect(reserves[1].status).toBe('success');

    for (const wrong of [tokens.USDC.address, maker]) {
      const error = (await rejection(
        getAaveReserves(client, { pool: wrong, assets: [tokens.USDC.address] })
      )) as PmmError;
      expect(error).toBeInstanceOf(PmmError);
      expect(error.source).toBe('aave-v3');
      expect(error.message).toContain(wrong);
      expect(error.fix).toContain('Aave pool address');
    }
  });
});

describe('getAavePositions', () => {
  let reserves: AaveReserveTokens[];

  beforeAll(async () => {
    const read = await getAaveReserves(client, { pool, assets: [tokens.WETH.address, tokens.USDC.address] });
    reserves = read.reserves.map((r) => {
      if (r.status !== 'success') {
        throw r.error;
      }
      return r;
    });
  });

  it('reads supply and debt per asset, after the borrow, before it and after the repayment', async () => {
    const at = async (blockNumber: bigint) => {
      const entries = await getAavePositions(client, { reserves, accounts: [maker], blockNumber });
      return entries.map((e) => {
        if (e.status !== 'success') {
          throw e.error;
        }
        return e;
      });
    };
    const [wethBefore, usdcBefore] = await at(supplyReceipt.blockNumber);
    expect(wethBefore).toMatchObject({ account: maker, asset: tokens.WETH.address, supplied: SUPPLIED, debt: 0n });
    expect(wethBefore.suppliedTokens).toBe(100);
    expect(usdcBefore).toMatchObject({ asset: tokens.USDC.address, supplied: 0n, debt: 0n, debtTokens: 0 });

    const [, usdcBorrowed] = await at(borrowReceipt.blockNumber);
    // Borrowed in this very block: no second of interest yet (a 1-unit rounding at most).
    near(usdcBorrowed.variableDebt, BORROWED, 1n);
    expect(usdcBorrowed.stableDebt).toBe(0n);
    expect(usdcBorrowed.debt).toBe(usdcBorrowed.variableDebt);
    expect(Math.abs(usdcBorrowed.debtTokens - 150_000)).toBeLessThan(1e-5);

    const [weth, usdc] = await at(repayReceipt.blockNumber);
    // Nobody borrows WETH: the aToken balance earns nothing.
    expect(weth.supplied).toBe(SUPPLIED);
    const interest = await expectedInterest();
    expect(interest).toBeGreaterThan(parseUnits('1.5', 6));
    near(usdc.debt, BORROWED - REPAID + interest, interest / 200n + 2n);
  });

  it('fails a reserve with a wrong token address alone, naming it', async () => {
    const broken = { ...reserves[1], variableDebtToken: deployer };
    const [weth, usdc] = await getAavePositions(client, {
      reserves: [reserves[0], broken],
      accounts: [maker],
      blockNumber: repayReceipt.blockNumber,
    });
    expect(weth.status).toBe('success');
    expect(usdc.status).toBe('failure');
    expect(usdc.error?.source).toBe('aave-v3');
    expect(usdc.error?.message).toContain(`no contract at ${deployer}`);
    expect(usdc.error?.fix).toContain('variable debt token');
  });
});

describe('getAaveAccountData', () => {
  const read = async (blockNumber: bigint, accounts: Address[] = [maker]) => {
    const data = await getAaveAccountData(client, { pool, accounts, blockNumber });
    return {
      ...data,
      entries: data.accounts.map((e) => {
        if (e.status !== 'success') {
          throw e.error;
        }
        return e;
      }),
    };
  };

  it('reads the base unit from the oracle and no debt before the borrow', async () => {
    const { baseCurrencyUnit, oracle, entries } = await read(supplyReceipt.blockNumber);
    expect(baseCurrencyUnit).toBe(BASE);
    expect(oracle).toBe(getAddress(market.oracle));
    expect(entries[0]).toMatchObject({
      totalCollateralBase: 100n * 3000n * BASE,
      totalCollateral: 300_000,
      totalDebtBase: 0n,
      healthFactor: maxUint256,
      noDebt: true,
      healthFactorValue: null,
      liquidationThresholdBps: 8250,
      ltvBps: 8000,
    });
  });

  it('reads collateral, debt and health factor after the borrow, the repayment and the price drop', async () => {
    const borrowed = (await read(borrowReceipt.blockNumber)).entries[0];
    expect(borrowed.totalCollateralBase).toBe(300_000n * BASE);
    near(borrowed.totalDebtBase, 150_000n * BASE, 1n);
    expect(borrowed.noDebt).toBe(false);
    // 300,000 × 0.825 / 150,000 = 1.65
    near(borrowed.healthFactor, (165n * WAD) / 100n, WAD / 1_000_000n);
    expect(borrowed.healthFactorValue).toBeCloseTo(1.65, 5);
    // ltv 80 % of 300,000 minus 150,000 = 90,000 USD left to borrow.
    near(borrowed.availableBorrowsBase, 90_000n * BASE, 1n);

    // After a month of interest, repaying 30,000 and WETH falling to 2,000: 200,000 × 0.825 / debt.
    const dropped = (await read(dropBlock)).entries[0];
    const debtUsdc = BORROWED - REPAID + (await expectedInterest());
    expect(dropped.totalCollateralBase).toBe(200_000n * BASE);
    expect(dropped.totalCollateral).toBe(200_000);
    // USDC at 1 USD with 6 decimals: debt base = debt × 100.
    near(dropped.totalDebtBase, debtUsdc * 100n, 2_000n);
    expect(dropped.totalDebt).toBeCloseTo(Number(debtUsdc) / 1e6, 1);
    const hf = (200_000n * BASE * 8250n * WAD) / (10_000n * debtUsdc * 100n);
    near(dropped.healthFactor, hf, WAD / 100_000n);
    expect(dropped.healthFactorValue).toBeCloseTo(Number(hf) / 1e18, 5);
    expect(dropped.healthFactorValue).toBeLessThan(1.375);
  });

  it('names a wrong pool rather than answering zeros', async () => {
    const error = (await rejection(
      getAaveAccountData(client, { pool: tokens.WETH.address, accounts: [maker], blockNumber: dropBlock })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('aave-v3');
    expect(error.message).toContain(tokens.WETH.address);
  });
});

describe('getAaveFlashLoans', () => {
  it('finds the receiver flash loan with its premium, by target', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const loans = await getAaveFlashLoans(client, {
      pool,
      fromBlock: marketBlock,
      toBlock: latest,
      targets: [receiver],
    });
    expect(loans).toEqual([
      {
        blockNumber: flashReceipt.blockNumber,
        txHash: flashReceipt.transactionHash,
        logIndex: expect.any(Number),
        target: receiver,
        initiator: receiver,
        asset: tokens.USDC.address,
        amount: FLASH,
        interestRateMode: 0,
        // 5 bps of 1,000 USDC.
        premium: 500_000n,
        referralCode: 0,
      },
    ]);
    const raw = flashReceipt.logs.filter((log) => getAddress(log.address) === pool);
    expect(raw.map((log) => log.logIndex)).toContain(loans[0].logIndex);
  });

  it('filters by initiator and by range, and treats an empty list as none', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const range = { pool, fromBlock: marketBlock, toBlock: latest };
    expect(await getAaveFlashLoans(client, { ...range, initiators: [receiver] })).toHaveLength(1);
    expect(await getAaveFlashLoans(client, { ...range, initiators: [maker] })).toEqual([]);
    expect(await getAaveFlashLoans(client, { ...range, targets: [] })).toEqual([]);
    expect(
      await getAaveFlashLoans(client, { pool, fromBlock: marketBlock, toBlock: flashReceipt.blockNumber - 1n })
    ).toEqual([]);
    expect(await getAaveFlashLoans(client, { ...range, assets: [tokens.WETH.address] })).toEqual([]);
  });

  it('names a wrong pool instead of finding no loans', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const error = (await rejection(
      getAaveFlashLoans(client, { pool: receiver, fromBlock: marketBlock, toBlock: latest })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('aave-v3');
    // The receiver answers ADDRESSES_PROVIDER() too; its provider names the real pool.
    expect(error.message).toContain(`${receiver} is not an Aave V3 Pool at block ${latest}`);
    expect(error.message).toContain(`names ${pool} as the pool`);
  });
});

describe('getAaveDebtFlows', () => {
  it('lists the account borrow and repayment, in chain order', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const flows = await getAaveDebtFlows(client, { pool, fromBlock: marketBlock, toBlock: latest, accounts: [maker] });
    expect(flows).toEqual([
      {
        kind: 'borrow',
        blockNumber: borrowReceipt.blockNumber,
        txHash: borrowReceipt.transactionHash,
        logIndex: expect.any(Number),
        reserve: tokens.USDC.address,
        account: maker,
        amount: BORROWED,
        caller: maker,
        interestRateMode: 2,
        borrowRate: expect.any(BigInt),
      },
      {
        kind: 'repay',
        blockNumber: repayReceipt.blockNumber,
        txHash: repayReceipt.transactionHash,
        logIndex: expect.any(Number),
        reserve: tokens.USDC.address,
        account: maker,
        amount: REPAID,
        repayer: maker,
        useATokens: false,
      },
    ]);
    expect((flows[0] as { borrowRate: bigint }).borrowRate).toBeGreaterThan(0n);
  });

  it('leaves out other accounts and an empty account list', async () => {
    const latest = await getBlockNumber(demo.public, { cacheTime: 0 });
    const range = { pool, fromBlock: marketBlock, toBlock: latest };
    // The deployer seeded every reserve (supply only): no debt flow.
    expect(await getAaveDebtFlows(client, { ...range, accounts: [deployer] })).toEqual([]);
    expect(await getAaveDebtFlows(client, { ...range, accounts: [] })).toEqual([]);
    const error = (await rejection(
      getAaveDebtFlows(client, { ...range, pool: tokens.USDC.address, accounts: [maker] })
    )) as PmmError;
    expect(error.source).toBe('aave-v3');
    expect(error.message).toContain(tokens.USDC.address);
  });
});
