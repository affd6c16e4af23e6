/**
 * Deploys our Comet-compatible market (and the market maker's flash-loan receiver) on a fresh anvil and
 * checks every number the engine will read against a hand computation: balances, interest, prices,
 * factors, the liquidation test and the events.
 */
import {
  maxUint128,
  maxUint256,
  parseAbi,
  parseEventLogs,
  parseUnits,
  zeroAddress,
  getAddress,
  type AbiParameter,
  type Address,
  type Hash,
  type Log,
} from 'viem';

import { startAnvil, type AnvilHandle } from '../chain/anvil';
import { demoClients, type DemoClients } from '../chain/clients';
import { deployAaveMarket } from './aave';
import { cometAbi, cometContract, deployComet } from './comet';
import { deployFeeds, postPrice, type Feeds } from './feeds';
import { deployFlashLoanReceiver, flashLoanReceiverAbi, flashLoanReceiverContract } from './flashloan';
import { deployTokens, mint, tokenAbi, type Tokens } from './tokens';

jest.setTimeout(120_000);

const SECONDS_PER_YEAR = 31_536_000n;
const WAD = 10n ** 18n;
const BORROW_APR = 0.05;
const BORROW_APR_WAD = 5n * 10n ** 16n; // BORROW_APR written independently, so a conversion slip shows up.

function relativeError(actual: bigint, expected: bigint): number {
  const diff = actual > expected ? actual - expected : expected - actual;
  return Number((diff * WAD) / expected) / 1e18;
}

/** A canonical text for an ABI entry: name, types (tuples expanded), indexed flags, outputs, mutability. */
function canonical(item: unknown): string {
  const entry = item as {
    type: string;
    name?: string;
    inputs?: readonly AbiParameter[];
    outputs?: readonly AbiParameter[];
    stateMutability?: string;
  };
  const param = (p: AbiParameter): string => {
    const components = 'components' in p ? p.components : undefined;
    const type = components ? `(${components.map(param).join(',')})${p.type.slice('tuple'.length)}` : p.type;
    return 'indexed' in p && p.indexed ? `${type} indexed` : type;
  };
  const outputs = entry.outputs ? ` returns (${entry.outputs.map(param).join(',')})` : '';
  const mutability = entry.stateMutability ? ` ${entry.stateMutability}` : '';
  return `${entry.type} ${entry.name ?? ''}(${(entry.inputs ?? []).map(param).join(',')})${outputs}${mutability}`;
}

function canonicalAbi(abi: readonly unknown[]): string[] {
  return abi
    .filter((item) => (item as { type: string }).type !== 'constructor')
    .map(canonical)
    .sort();
}

describe('demo Comet market and flash-loan receiver', () => {
  let anvil: AnvilHandle | undefined;
  let clients: DemoClients;
  let tokens: Tokens;
  let feeds: Feeds;
  let comet: Address;
  let deployer: Address;
  let maker: Address;
  let seedLogs: Log[] = [];
  let collateralLogs: Log[] = [];
  let borrowLogs: Log[] = [];
  let borrowBlock: bigint;

  const wait = async (hash: Hash) => {
    const receipt = await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    expect(receipt.status).toBe('success');
    return receipt;
  };
  const latestBlock = () => clients.public.getBlock({ blockTag: 'latest' });

  beforeAll(async () => {
    anvil = await startAnvil();
    clients = demoClients(anvil.url);
    deployer = clients.wallet('deployer').account.address;
    maker = clients.wallet('maker').account.address;

    // Checksummed, as viem decodes addresses, so expectations compare equal.
    const rawTokens = await deployTokens(clients);
    tokens = Object.fromEntries(
      Object.entries(rawTokens).map(([symbol, token]) => [symbol, { ...token, address: getAddress(token.address) }])
    ) as Tokens;
    const rawFeeds = await deployFeeds(clients, { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 1 });
    feeds = Object.fromEntries(Object.entries(rawFeeds).map(([symbol, feed]) => [symbol, getAddress(feed)])) as Feeds;
    const deployed = await deployComet(clients, {
      baseToken: tokens.USDC.address,
      baseFeed: feeds.USDC,
      borrowApr: BORROW_APR,
      collaterals: [
        {
          asset: tokens.WETH.address,
          feed: feeds.WETH,
          scale: 10n ** 18n,
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
          liquidationFactor: 0.95,
        },
      ],
    });
    comet = getAddress(deployed.address);

    const liquidity = parseUnits('1000000', 6);
    await mint(clients, tokens.USDC.address, deployer, liquidity);
    const deployerWallet = clients.wallet('deployer');
    await wait(
      await deployerWallet.writeContract({
        address: tokens.USDC.address,
        abi: tokenAbi,
        functionName: 'approve',
        args: [comet, maxUint256],
      })
    );
    seedLogs = (
      await wait(
        await deployerWallet.writeContract({
          address: comet,
          abi: cometAbi,
          functionName: 'supply',
          args: [tokens.USDC.address, liquidity],
        })
      )
    ).logs;

    const makerWallet = clients.wallet('maker');
    await mint(clients, tokens.WETH.address, maker, parseUnits('10', 18));
    await wait(
      await makerWallet.writeContract({
        address: tokens.WETH.address,
        abi: tokenAbi,
        functionName: 'approve',
        args: [comet, maxUint256],
      })
    );
    collateralLogs = (
      await wait(
        await makerWallet.writeContract({
          address: comet,
          abi: cometAbi,
          functionName: 'supply',
          args: [tokens.WETH.address, parseUnits('10', 18)],
        })
      )
    ).logs;
    const borrow = await wait(
      await makerWallet.writeContract({
        address: comet,
        abi: cometAbi,
        functionName: 'withdraw',
        args: [tokens.USDC.address, parseUnits('15000', 6)],
      })
    );
    borrowLogs = borrow.logs;
    borrowBlock = borrow.blockNumber;
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it('exports ABIs that match the compiled contracts', () => {
    expect(canonicalAbi(cometAbi)).toEqual(canonicalAbi(cometContract().abi));
    expect(canonicalAbi(flashLoanReceiverAbi)).toEqual(canonicalAbi(flashLoanReceiverContract().abi));
  });

  it('describes the market as Comet does', async () => {
    const r = clients.public;
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'baseToken' })).toBe(
      tokens.USDC.address
    );
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'baseTokenPriceFeed' })).toBe(
      feeds.USDC
    );
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'baseScale' })).toBe(10n ** 6n);
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'numAssets' })).toBe(2);
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'governor' })).toBe(deployer);

    const weth = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'getAssetInfoByAddress',
      args: [tokens.WETH.address],
    });
    expect(weth).toEqual({
      offset: 0,
      asset: tokens.WETH.address,
      priceFeed: feeds.WETH,
      scale: 10n ** 18n,
      borrowCollateralFactor: 825n * 10n ** 15n,
      liquidateCollateralFactor: 895n * 10n ** 15n,
      liquidationFactor: 950n * 10n ** 15n,
      supplyCap: maxUint128,
    });
    const wbtc = await r.readContract({ address: comet, abi: cometAbi, functionName: 'getAssetInfo', args: [1] });
    expect(wbtc).toMatchObject({
      offset: 1,
      asset: tokens.WBTC.address,
      scale: 10n ** 8n,
      borrowCollateralFactor: 700n * 10n ** 15n,
      liquidateCollateralFactor: 770n * 10n ** 15n,
    });
    await expect(
      r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'getAssetInfoByAddress',
        args: [tokens.USDT.address],
      })
    ).rejects.toThrow(/BadAsset/);
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'getPrice', args: [feeds.WETH] })).toBe(
      3000n * 10n ** 8n
    );
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'getPrice', args: [feeds.USDC] })).toBe(
      10n ** 8n
    );
    // A flat curve: the per-second rate is the APR over Comet's 365-day year, at any utilization.
    for (const utilization of [0n, WAD / 2n, WAD]) {
      expect(
        await r.readContract({ address: comet, abi: cometAbi, functionName: 'getBorrowRate', args: [utilization] })
      ).toBe(BORROW_APR_WAD / SECONDS_PER_YEAR);
    }
  });

  it('emits Comet events with the right arguments', () => {
    const supply = parseEventLogs({ abi: cometAbi, logs: seedLogs, eventName: ['Supply', 'Transfer'] }).filter(
      (log) => log.address === comet.toLowerCase()
    );
    expect(supply.map((log) => [log.eventName, log.args])).toEqual([
      ['Supply', { from: deployer, dst: deployer, amount: 10n ** 12n }],
      ['Transfer', { from: zeroAddress, to: deployer, amount: 10n ** 12n }],
    ]);
    const collateral = parseEventLogs({ abi: cometAbi, logs: collateralLogs, eventName: 'SupplyCollateral' });
    expect(collateral.map((log) => log.args)).toEqual([
      { from: maker, dst: maker, asset: tokens.WETH.address, amount: 10n * WAD },
    ]);
    const withdraw = parseEventLogs({ abi: cometAbi, logs: borrowLogs, eventName: ['Withdraw', 'Transfer'] }).filter(
      (log) => log.address === comet.toLowerCase()
    );
    // A pure borrow withdraws no supplied balance, so Comet emits no Transfer.
    expect(withdraw.map((log) => [log.eventName, log.args])).toEqual([
      ['Withdraw', { src: maker, to: maker, amount: 15_000n * 10n ** 6n }],
    ]);
  });

  it('reads the position back as a hand computation says', async () => {
    const r = clients.public;
    const at = { blockNumber: borrowBlock };
    const collateral = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'collateralBalanceOf',
      args: [maker, tokens.WETH.address],
      ...at,
    });
    expect(collateral).toBe(10n * WAD);
    expect(
      await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'userCollateral',
        args: [maker, tokens.WETH.address],
      })
    ).toEqual([10n * WAD, 0n]);
    const borrow = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'borrowBalanceOf',
      args: [maker],
      ...at,
    });
    expect(borrow).toBe(15_000n * 10n ** 6n);
    expect(
      await r.readContract({ address: comet, abi: cometAbi, functionName: 'balanceOf', args: [maker], ...at })
    ).toBe(0n);
    expect(
      await r.readContract({ address: tokens.USDC.address, abi: tokenAbi, functionName: 'balanceOf', args: [maker] })
    ).toBe(15_000n * 10n ** 6n);
    expect(
      await r.readContract({ address: comet, abi: cometAbi, functionName: 'isLiquidatable', args: [maker], ...at })
    ).toBe(false);
    expect(
      await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'isBorrowCollateralized',
        args: [maker],
        ...at,
      })
    ).toBe(true);

    // The engine's health-factor equivalent, from the same reads it makes, against 10 × 3000 × 0.895 / 15000.
    const info = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'getAssetInfoByAddress',
      args: [tokens.WETH.address],
    });
    const price = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'getPrice',
      args: [info.priceFeed],
    });
    const basePrice = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'getPrice',
      args: [feeds.USDC],
    });
    const baseScale = await r.readContract({ address: comet, abi: cometAbi, functionName: 'baseScale' });
    const collateralUsd = (((collateral * price) / info.scale) * info.liquidateCollateralFactor) / WAD;
    const debtUsd = (borrow * basePrice) / baseScale;
    expect((collateralUsd * WAD) / debtUsd).toBe((179n * WAD) / 100n);
  });

  it('refuses a borrow or a collateral withdrawal beyond the borrow collateral factor', async () => {
    const simulate = (asset: Address, amount: bigint) =>
      clients.public.simulateContract({
        account: clients.wallet('maker').account,
        address: comet,
        abi: cometAbi,
        functionName: 'withdraw',
        args: [asset, amount],
      });
    // 10 ETH × 3000 × 0.825 = 24,750 USD of borrowing power; 15,000 are used.
    await expect(simulate(tokens.USDC.address, parseUnits('9000', 6))).resolves.toBeDefined();
    await expect(simulate(tokens.USDC.address, parseUnits('10000', 6))).rejects.toThrow(/NotCollateralized/);
    // 5 ETH × 3000 × 0.825 = 12,375 < 15,000.
    await expect(simulate(tokens.WETH.address, parseUnits('5', 18))).rejects.toThrow(/NotCollateralized/);
  });

  it('accrues borrow interest per second at the configured APR, and keeps the past readable', async () => {
    const r = clients.public;
    const before = await r.getBlock({ blockNumber: borrowBlock });
    await clients.test.increaseTime({ seconds: 86_400 });
    await clients.test.mine({ blocks: 1 });
    const after = await latestBlock();
    const elapsed = after.timestamp - before.timestamp;
    expect(elapsed).toBeGreaterThanOrEqual(86_400n);
    expect(elapsed).toBeLessThan(86_460n);

    const principal = 15_000n * 10n ** 6n;
    const borrow = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'borrowBalanceOf',
      args: [maker],
      blockNumber: after.number,
    });
    const expected = principal + (principal * BORROW_APR_WAD * elapsed) / (WAD * SECONDS_PER_YEAR);
    expect(relativeError(borrow, expected)).toBeLessThan(1e-6);
    // The brief's approximation: one day of simple interest.
    const oneDay = principal + (principal * BORROW_APR_WAD) / (WAD * 365n);
    expect(relativeError(borrow, oneDay)).toBeLessThan(1e-6);
    expect(borrow).toBeGreaterThan(principal);

    const totalBorrow = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'totalBorrow',
      blockNumber: after.number,
    });
    expect(totalBorrow - borrow <= 1n && borrow - totalBorrow <= 1n).toBe(true);
    // Suppliers earn what borrowers pay: 1,000,000 supplied, 15,000 borrowed.
    const supplied = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'balanceOf',
      args: [deployer],
      blockNumber: after.number,
    });
    expect(relativeError(supplied - 10n ** 12n, borrow - principal)).toBeLessThan(1e-3);

    const past = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'borrowBalanceOf',
      args: [maker],
      blockNumber: borrowBlock,
    });
    expect(past).toBe(principal);
  });

  it('becomes liquidatable exactly when the collateral at liquidateCF falls below the debt', async () => {
    const r = clients.public;
    const check = async (usd: number, expected: boolean) => {
      await postPrice(clients, feeds.WETH, usd);
      const { number: blockNumber } = await latestBlock();
      const borrow = await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'borrowBalanceOf',
        args: [maker],
        blockNumber,
      });
      // Comet's integer steps: USD with 8 decimals, factors over 1e18, rounding down.
      const collateralUsd = (((10n * WAD * BigInt(usd) * 10n ** 8n) / WAD) * 895n * 10n ** 15n) / WAD;
      const debtUsd = (borrow * 10n ** 8n) / 10n ** 6n;
      const liquidatable = await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'isLiquidatable',
        args: [maker],
        blockNumber,
      });
      expect(liquidatable).toBe(collateralUsd < debtUsd);
      expect(liquidatable).toBe(expected);
    };
    // Break-even is about 15,002 / (10 × 0.895) = 1,676.2 USD per ETH.
    await check(1700, false);
    await check(1677, false);
    await check(1676, true);
    // 10 × 1600 × 0.895 = 14,320 < 15,000.
    await check(1600, true);
  });

  it('absorbs an underwater account as Comet does', async () => {
    const r = clients.public;
    const absorber = clients.wallet('taker1').account.address;
    const before = await latestBlock();
    const debtBefore = await r.readContract({
      address: comet,
      abi: cometAbi,
      functionName: 'borrowBalanceOf',
      args: [maker],
      blockNumber: before.number,
    });
    const receipt = await wait(
      await clients.wallet('taker1').writeContract({
        address: comet,
        abi: cometAbi,
        functionName: 'absorb',
        args: [absorber, [maker]],
      })
    );
    const events = parseEventLogs({ abi: cometAbi, logs: receipt.logs, eventName: ['AbsorbCollateral', 'AbsorbDebt'] });
    // Seized: 10 ETH worth 16,000 USD, credited at liquidationFactor 0.95 = 15,200 USDC.
    expect(events.map((log) => [log.eventName, log.args])).toEqual([
      [
        'AbsorbCollateral',
        {
          absorber,
          borrower: maker,
          asset: tokens.WETH.address,
          collateralAbsorbed: 10n * WAD,
          usdValue: 16_000n * 10n ** 8n,
        },
      ],
      ['AbsorbDebt', { absorber, borrower: maker, basePaidOut: 15_200n * 10n ** 6n, usdValue: 15_200n * 10n ** 8n }],
    ]);
    const read = (functionName: 'borrowBalanceOf' | 'balanceOf') =>
      r.readContract({ address: comet, abi: cometAbi, functionName, args: [maker] });
    expect(await read('borrowBalanceOf')).toBe(0n);
    // The debt the absorb repaid had accrued interest since `before` (seconds, more on a busy machine).
    const absorbedAt = (await r.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
    const elapsed = Number(absorbedAt - before.timestamp);
    const debtAtAbsorb = BigInt(Math.round(Number(debtBefore) * (1 + (BORROW_APR * elapsed) / (365 * 86_400))));
    const surplus = 15_200n * 10n ** 6n - debtAtAbsorb;
    expect(await read('balanceOf')).toBeGreaterThanOrEqual(surplus - 1n);
    expect(await read('balanceOf')).toBeLessThanOrEqual(surplus + 10n);
    expect(
      await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'collateralBalanceOf',
        args: [maker, tokens.WETH.address],
      })
    ).toBe(0n);
    expect(
      await r.readContract({
        address: comet,
        abi: cometAbi,
        functionName: 'collateralBalanceOf',
        args: [comet, tokens.WETH.address],
      })
    ).toBe(10n * WAD);
    expect(await r.readContract({ address: comet, abi: cometAbi, functionName: 'isLiquidatable', args: [maker] })).toBe(
      false
    );
  });

  it('runs a repaid Aave V3 flash loan from the market maker receiver', async () => {
    const market = await deployAaveMarket(clients, tokens, feeds);
    const deployed = await deployFlashLoanReceiver(clients, 'maker');
    const receiver = { ...deployed, address: getAddress(deployed.address) };
    const makerWallet = clients.wallet('maker');
    const amount = parseUnits('1000', 6);
    const premium = (amount * BigInt(market.flashLoanPremiumBps)) / 10_000n;
    const funding = parseUnits('1', 6);

    // The owner pre-funds the premium from its own balance, as the real strategy would.
    await mint(clients, tokens.USDC.address, maker, funding);
    await wait(
      await makerWallet.writeContract({
        address: tokens.USDC.address,
        abi: tokenAbi,
        functionName: 'transfer',
        args: [receiver.address, funding],
      })
    );
    const receipt = await wait(
      await makerWallet.writeContract({
        address: receiver.address,
        abi: receiver.abi,
        functionName: 'run',
        args: [market.pool, tokens.USDC.address, amount],
      })
    );
    const flashLoanAbi = parseAbi([
      'event FlashLoan(address indexed target, address initiator, address indexed asset, uint256 amount, uint8 interestRateMode, uint256 premium, uint16 indexed referralCode)',
    ]);
    const loans = parseEventLogs({ abi: flashLoanAbi, logs: receipt.logs, eventName: 'FlashLoan' });
    expect(loans).toHaveLength(1);
    expect(loans[0].address).toBe(market.pool.toLowerCase());
    expect(loans[0].args).toEqual({
      target: receiver.address,
      initiator: receiver.address,
      asset: tokens.USDC.address,
      amount,
      interestRateMode: 0,
      premium,
      referralCode: 0,
    });
    expect(premium).toBe(500_000n);
    expect(
      await clients.public.readContract({
        address: tokens.USDC.address,
        abi: tokenAbi,
        functionName: 'balanceOf',
        args: [receiver.address],
      })
    ).toBe(funding - premium);
    expect(
      await clients.public.readContract({ address: receiver.address, abi: receiver.abi, functionName: 'POOL' })
    ).toBe(market.pool);
    expect(
      await clients.public.readContract({
        address: receiver.address,
        abi: receiver.abi,
        functionName: 'ADDRESSES_PROVIDER',
      })
    ).toBe(getAddress(market.addressesProvider));

    // Only the owner starts loans, and only the pool it called may call back.
    await expect(
      clients.public.simulateContract({
        account: clients.wallet('taker1').account,
        address: receiver.address,
        abi: receiver.abi,
        functionName: 'run',
        args: [market.pool, tokens.USDC.address, amount],
      })
    ).rejects.toThrow(/NotOwner/);
    await expect(
      clients.public.simulateContract({
        account: clients.wallet('taker1').account,
        address: receiver.address,
        abi: receiver.abi,
        functionName: 'executeOperation',
        args: [tokens.USDC.address, amount, premium, receiver.address, '0x'],
      })
    ).rejects.toThrow(/NotPool/);
  });
});
