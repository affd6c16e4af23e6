/**
 * Deploys the demo world's tokens, feeds and a full Aave V3 market on a fresh anvil, then checks that
 * a market maker's position reads back as Aave computes it: the numbers the engine will show.
 */
import { maxUint256, parseAbi, parseUnits, toFunctionSignature, type AbiFunction, type Address } from 'viem';

import { startAnvil, type AnvilHandle } from '../chain/anvil';
import { demoClients, type DemoClients } from '../chain/clients';
import { deployAaveMarket, type AaveMarket } from './aave';
import { deployFeeds, postPrice, priceFeedAbi, priceFeedContract, type Feeds } from './feeds';
import { deployTokens, mint, tokenAbi, type Tokens } from './tokens';

jest.setTimeout(120_000);

// Typed fragments of the Aave ABIs, so assertions compare bigints rather than unknowns.
const poolAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  'function FLASHLOAN_PREMIUM_TOTAL() view returns (uint128)',
]);
const dataProviderAbi = parseAbi([
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
  'function getFlashLoanEnabled(address asset) view returns (bool)',
]);

/** Relative difference of two WAD-scaled numbers, exact enough for a 1e-6 tolerance. */
function relativeError(actual: bigint, expected: bigint): number {
  const diff = actual > expected ? actual - expected : expected - actual;
  return Number((diff * 10n ** 18n) / expected) / 1e18;
}

describe('demo Aave V3 market', () => {
  let anvil: AnvilHandle | undefined;
  let clients: DemoClients;
  let tokens: Tokens;
  let feeds: Feeds;
  let market: AaveMarket;
  let maker: Address;

  beforeAll(async () => {
    anvil = await startAnvil();
    clients = demoClients(anvil.url);
    maker = clients.wallet('maker').account.address;

    const t0 = performance.now();
    tokens = await deployTokens(clients);
    feeds = await deployFeeds(clients, { WETH: 3000, WBTC: 60000, USDC: 1, USDT: 1 });
    const t1 = performance.now();
    market = await deployAaveMarket(clients, tokens, feeds);
    const t2 = performance.now();
    const deployer = clients.wallet('deployer').account.address;
    const transactions = await clients.public.getTransactionCount({ address: deployer });
    const ms = (from: number, to: number) => `${(to - from).toFixed(0)} ms`;
    console.log(
      `demo world deployed in ${ms(t0, t2)}, ${transactions} transactions ` +
        `(tokens + feeds incl. PriceFeed compile/cache load: ${ms(t0, t1)}; Aave market: ${ms(t1, t2)})`
    );
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it('exports a PriceFeed ABI with the compiled functions', () => {
    const signatures = (abi: readonly unknown[]): string[] =>
      (abi as AbiFunction[])
        .filter((item) => item.type === 'function')
        .map((item) => toFunctionSignature(item))
        .sort();
    expect(signatures(priceFeedAbi)).toEqual(signatures(priceFeedContract().abi));
  });

  it('configures the reserves and the flash loan premium', async () => {
    expect(market.flashLoanPremiumBps).toBe(5);
    const premium = await clients.public.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'FLASHLOAN_PREMIUM_TOTAL',
    });
    expect(premium).toBe(5n);
    const weth = await clients.public.readContract({
      address: market.dataProvider,
      abi: dataProviderAbi,
      functionName: 'getReserveConfigurationData',
      args: [tokens.WETH.address],
    });
    expect(weth.slice(0, 9)).toEqual([18n, 8000n, 8250n, 10500n, 1500n, true, true, false, true]);
    for (const token of Object.values(tokens)) {
      const flash = await clients.public.readContract({
        address: market.dataProvider,
        abi: dataProviderAbi,
        functionName: 'getFlashLoanEnabled',
        args: [token.address],
      });
      expect(flash).toBe(true);
    }
  });

  it('reads back a supply, a borrow and a price drop as Aave computes them', async () => {
    const wallet = clients.wallet('maker');
    const supplied = parseUnits('100', 18);
    const borrowed = parseUnits('150000', 6);
    const wait = (hash: `0x${string}`) => clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    const accountData = (blockNumber?: bigint) =>
      clients.public.readContract({
        address: market.pool,
        abi: poolAbi,
        functionName: 'getUserAccountData',
        args: [maker],
        blockNumber,
      });

    await mint(clients, tokens.WETH.address, maker, supplied);
    await wait(
      await wallet.writeContract({
        address: tokens.WETH.address,
        abi: tokenAbi,
        functionName: 'approve',
        args: [market.pool, maxUint256],
      })
    );
    const supplyReceipt = await wait(
      await wallet.writeContract({
        address: market.pool,
        abi: poolAbi,
        functionName: 'supply',
        args: [tokens.WETH.address, supplied, maker, 0],
      })
    );
    const borrowReceipt = await wait(
      await wallet.writeContract({
        address: market.pool,
        abi: poolAbi,
        functionName: 'borrow',
        args: [tokens.USDC.address, borrowed, 2n, 0, maker],
      })
    );
    expect(supplyReceipt.status).toBe('success');
    expect(borrowReceipt.status).toBe('success');

    const [collateral, debt, , threshold, ltv, healthFactor] = await accountData();
    expect(collateral).toBe(100n * 3000n * 10n ** 8n);
    expect(Number(debt - 150_000n * 10n ** 8n)).toBeLessThanOrEqual(1);
    expect(debt).toBeGreaterThanOrEqual(150_000n * 10n ** 8n);
    expect(threshold).toBe(8250n);
    expect(ltv).toBe(8000n);
    expect(relativeError(healthFactor, (300_000n * 825n * 10n ** 18n) / (150_000n * 1000n))).toBeLessThan(1e-6);

    const aWeth = await clients.public.readContract({
      address: market.aTokens.WETH,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [maker],
    });
    expect(aWeth).toBe(supplied);
    const usdcDebt = await clients.public.readContract({
      address: market.variableDebtTokens.USDC,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [maker],
    });
    expect(usdcDebt).toBeGreaterThanOrEqual(borrowed);
    expect(Number(usdcDebt - borrowed)).toBeLessThanOrEqual(10);

    // Archive read: the block before the borrow still shows the collateral and no debt.
    const [collateralBefore, debtBefore, , , , healthFactorBefore] = await accountData(borrowReceipt.blockNumber - 1n);
    expect(collateralBefore).toBe(100n * 3000n * 10n ** 8n);
    expect(debtBefore).toBe(0n);
    expect(healthFactorBefore).toBe(maxUint256);

    await postPrice(clients, feeds.WETH, 2000);
    const [collateralAfter, , , , , healthFactorAfter] = await accountData();
    expect(collateralAfter).toBe(100n * 2000n * 10n ** 8n);
    expect(relativeError(healthFactorAfter, (200_000n * 825n * 10n ** 18n) / (150_000n * 1000n))).toBeLessThan(1e-6);
  });
});
