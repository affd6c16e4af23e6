/**
 * A full Aave V3 market on the demo chain, built from @aave/core-v3's own artifacts (real Pool,
 * configurator, oracle and tokens), so the engine reads the demo exactly as it reads mainnet.
 * Order of the steps follows what each contract's constructor or initializer reads from the others.
 */
import { maxUint256, parseAbi, parseUnits, zeroAddress, type Abi, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients } from '../chain/clients';
import { deploy, linkBytecode } from './deploy';
import { FEED_DECIMALS, type Feeds } from './feeds';
import {
  aaveArtifact,
  mint,
  TOKEN_SYMBOLS,
  tokenAbi,
  type HardhatArtifact,
  type Tokens,
  type TokenSymbol,
} from './tokens';

const SOURCE = 'demo-aave';

export interface AaveMarket {
  /** The Pool proxy: the address users and the engine talk to. */
  pool: Address;
  addressesProvider: Address;
  dataProvider: Address;
  oracle: Address;
  aTokens: Record<TokenSymbol, Address>;
  variableDebtTokens: Record<TokenSymbol, Address>;
  flashLoanPremiumBps: number;
  abis: { pool: Abi; dataProvider: Abi; aToken: Abi };
}

/** Risk parameters in basis points; rates for DefaultReserveInterestRateStrategy, also in bps. */
interface ReserveParams {
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  reserveFactor: number;
  optimalUsage: number;
  variableSlope1: number;
  variableSlope2: number;
  /** What the deployer supplies so the market maker can borrow and flash-borrow, in whole tokens. */
  seed: string;
}

// Close to Aave V3 Ethereum at launch; base variable rate 0 everywhere, as there.
// prettier-ignore
const RESERVES: Record<TokenSymbol, ReserveParams> = {
  WETH: { ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, reserveFactor: 1500, optimalUsage: 8000, variableSlope1: 380, variableSlope2: 8000, seed: '10000' },
  WBTC: { ltv: 7300, liquidationThreshold: 7800, liquidationBonus: 10500, reserveFactor: 2000, optimalUsage: 4500, variableSlope1: 400, variableSlope2: 30000, seed: '500' },
  USDC: { ltv: 7700, liquidationThreshold: 8000, liquidationBonus: 10450, reserveFactor: 1000, optimalUsage: 9000, variableSlope1: 400, variableSlope2: 6000, seed: '50000000' },
  USDT: { ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10500, reserveFactor: 1000, optimalUsage: 9000, variableSlope1: 400, variableSlope2: 7500, seed: '50000000' },
};

/** Used only when the Pool's own default is zero (it is in core-v3 1.19: Pool.initialize leaves it unset). */
const FALLBACK_FLASH_LOAN_PREMIUM_BPS = 5n;

// FlashLoanLogic links BorrowLogic, so BorrowLogic comes first; ConfiguratorLogic is the configurator's.
const LIBRARIES = [
  'SupplyLogic',
  'BorrowLogic',
  'LiquidationLogic',
  'EModeLogic',
  'BridgeLogic',
  'PoolLogic',
  'FlashLoanLogic',
  'ConfiguratorLogic',
];

function loadArtifacts() {
  return {
    provider: aaveArtifact('protocol/configuration/PoolAddressesProvider'),
    acl: aaveArtifact('protocol/configuration/ACLManager'),
    pool: aaveArtifact('protocol/pool/Pool'),
    configurator: aaveArtifact('protocol/pool/PoolConfigurator'),
    oracle: aaveArtifact('misc/AaveOracle'),
    dataProvider: aaveArtifact('misc/AaveProtocolDataProvider'),
    aToken: aaveArtifact('protocol/tokenization/AToken'),
    stableDebt: aaveArtifact('protocol/tokenization/StableDebtToken'),
    variableDebt: aaveArtifact('protocol/tokenization/VariableDebtToken'),
    strategy: aaveArtifact('protocol/pool/DefaultReserveInterestRateStrategy'),
  };
}
type Artifacts = ReturnType<typeof loadArtifacts>;
// Loaded on first deployment, not at import: modules importing only the types should not parse megabytes of JSON.
let cachedArtifacts: Artifacts | undefined;

// Typed fragments for the few reads made here; a call fails loudly if one disagrees with the artifacts.
const readAbi = parseAbi([
  'function getPool() view returns (address)',
  'function getPoolConfigurator() view returns (address)',
  'function FLASHLOAN_PREMIUM_TOTAL() view returns (uint128)',
  'function getReserveTokensAddresses(address asset) view returns (address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress)',
]);

/** What every step needs: the chain, the artifacts and the deployer, who is owner, ACL admin and pool admin. */
interface Context {
  clients: DemoClients;
  a: Artifacts;
  deployer: Address;
  tokens: Tokens;
}
type Contract = { address: Address; abi: Abi };

/** One deployer transaction, waited for; `step` names it in the error, since Aave reverts with bare codes. */
async function send(
  ctx: Context,
  to: Contract,
  functionName: string,
  args: readonly unknown[],
  step = functionName
): Promise<void> {
  try {
    const hash = await ctx.clients.wallet('deployer').writeContract({ ...to, functionName, args });
    const receipt = await ctx.clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') {
      throw new Error(`transaction ${hash} reverted`);
    }
  } catch (cause) {
    throw new PmmError(SOURCE, `${step} failed`, {
      fix: 'a numeric revert reason is an Aave error code: see contracts/protocol/libraries/helpers/Errors.sol in @aave/core-v3',
      cause,
    });
  }
}

function deployLinked(
  ctx: Context,
  artifact: HardhatArtifact,
  libraries: Record<string, Address>,
  args: readonly unknown[] = []
): Promise<Address> {
  const bytecode = linkBytecode(artifact.bytecode, artifact.linkReferences, libraries);
  return deploy(ctx.clients, { abi: artifact.abi, bytecode }, args);
}

/** The provider is the registry everything else looks up; the ACL admin must exist before ACLManager reads it. */
async function deployGovernance(ctx: Context): Promise<Contract> {
  const address = await deploy(ctx.clients, ctx.a.provider, ['PMM Demo Market', ctx.deployer]);
  const provider = { address, abi: ctx.a.provider.abi };
  await send(ctx, provider, 'setACLAdmin', [ctx.deployer]);
  const acl = await deploy(ctx.clients, ctx.a.acl, [provider.address]);
  await send(ctx, provider, 'setACLManager', [acl]);
  await send(ctx, { address: acl, abi: ctx.a.acl.abi }, 'addPoolAdmin', [ctx.deployer]);
  return provider;
}

/** Pool and configurator go in as implementations: the provider creates and initializes their proxies. */
async function deployPool(ctx: Context, provider: Contract): Promise<{ pool: Address; configurator: Address }> {
  const libraries: Record<string, Address> = {};
  for (const name of LIBRARIES) {
    libraries[name] = await deployLinked(ctx, aaveArtifact(`protocol/libraries/logic/${name}`), libraries);
  }
  await send(ctx, provider, 'setPoolImpl', [await deployLinked(ctx, ctx.a.pool, libraries, [provider.address])]);
  await send(ctx, provider, 'setPoolConfiguratorImpl', [await deployLinked(ctx, ctx.a.configurator, libraries)]);
  const read = (functionName: 'getPool' | 'getPoolConfigurator') =>
    ctx.clients.public.readContract({ address: provider.address, abi: readAbi, functionName });
  return { pool: await read('getPool'), configurator: await read('getPoolConfigurator') };
}

/** USD base currency (address 0) in the feeds' own unit, so base amounts are 8-decimal dollars. */
async function deployOracleAndDataProvider(
  ctx: Context,
  provider: Contract,
  feeds: Feeds
): Promise<{ oracle: Address; dataProvider: Address }> {
  const assets = TOKEN_SYMBOLS.map((s) => ctx.tokens[s].address);
  const sources = TOKEN_SYMBOLS.map((s) => feeds[s]);
  const args = [provider.address, assets, sources, zeroAddress, zeroAddress, 10n ** BigInt(FEED_DECIMALS)];
  const oracle = await deploy(ctx.clients, ctx.a.oracle, args);
  await send(ctx, provider, 'setPriceOracle', [oracle]);
  const dataProvider = await deploy(ctx.clients, ctx.a.dataProvider, [provider.address]);
  await send(ctx, provider, 'setPoolDataProvider', [dataProvider]);
  return { oracle, dataProvider };
}

function deployRateStrategy(ctx: Context, provider: Address, p: ReserveParams): Promise<Address> {
  // Constructor order: optimal usage, base variable rate, variable slopes 1 and 2, stable slopes 1 and 2,
  // base stable offset, stable excess offset, optimal stable/total debt. All rays. Stable borrowing stays
  // off, so the stable ones only have to pass the constructor's checks.
  const bps = [p.optimalUsage, 0, p.variableSlope1, p.variableSlope2, 0, 0, 0, 0, 2000];
  return deploy(ctx.clients, ctx.a.strategy, [provider, ...bps.map((b) => BigInt(b) * 10n ** 23n)]);
}

/** Token implementations take the Pool proxy: their initializer rejects any other pool. */
async function initReserves(ctx: Context, provider: Address, pool: Address, configurator: Contract): Promise<void> {
  const aTokenImpl = await deploy(ctx.clients, ctx.a.aToken, [pool]);
  // initReserves wants a stable debt implementation even with stable borrowing off.
  const stableDebtTokenImpl = await deploy(ctx.clients, ctx.a.stableDebt, [pool]);
  const variableDebtTokenImpl = await deploy(ctx.clients, ctx.a.variableDebt, [pool]);
  const treasury = ctx.clients.wallet('treasury').account.address;
  const inputs = [];
  for (const symbol of TOKEN_SYMBOLS) {
    const { address: underlyingAsset, decimals: underlyingAssetDecimals } = ctx.tokens[symbol];
    inputs.push({
      aTokenImpl,
      stableDebtTokenImpl,
      variableDebtTokenImpl,
      underlyingAssetDecimals,
      interestRateStrategyAddress: await deployRateStrategy(ctx, provider, RESERVES[symbol]),
      underlyingAsset,
      treasury,
      incentivesController: zeroAddress,
      aTokenName: `Aave Demo ${symbol}`,
      aTokenSymbol: `aDemo${symbol}`,
      variableDebtTokenName: `Aave Demo Variable Debt ${symbol}`,
      variableDebtTokenSymbol: `variableDebtDemo${symbol}`,
      stableDebtTokenName: `Aave Demo Stable Debt ${symbol}`,
      stableDebtTokenSymbol: `stableDebtDemo${symbol}`,
      params: '0x',
    });
  }
  await send(ctx, configurator, 'initReserves', [inputs]);
}

/** Supply and borrow caps stay at their initial 0, which Aave reads as "no cap". */
async function configureReserves(ctx: Context, configurator: Contract): Promise<void> {
  for (const symbol of TOKEN_SYMBOLS) {
    const asset = ctx.tokens[symbol].address;
    const { ltv, liquidationThreshold: threshold, liquidationBonus: bonus, reserveFactor } = RESERVES[symbol];
    const step = (what: string) => `${what} ${symbol}`;
    await send(ctx, configurator, 'configureReserveAsCollateral', [asset, ltv, threshold, bonus], step('collateral'));
    await send(ctx, configurator, 'setReserveBorrowing', [asset, true], step('borrowing'));
    await send(ctx, configurator, 'setReserveFlashLoaning', [asset, true], step('flash loans'));
    await send(ctx, configurator, 'setReserveFactor', [asset, reserveFactor], step('reserve factor'));
  }
}

async function ensureFlashLoanPremium(ctx: Context, pool: Contract, configurator: Contract): Promise<number> {
  const current = await ctx.clients.public.readContract({
    ...pool,
    abi: readAbi,
    functionName: 'FLASHLOAN_PREMIUM_TOTAL',
  });
  if (current > 0n) {
    return Number(current);
  }
  await send(ctx, configurator, 'updateFlashloanPremiumTotal', [FALLBACK_FLASH_LOAN_PREMIUM_BPS]);
  return Number(FALLBACK_FLASH_LOAN_PREMIUM_BPS);
}

async function seedLiquidity(ctx: Context, pool: Contract): Promise<void> {
  for (const symbol of TOKEN_SYMBOLS) {
    const { address, decimals } = ctx.tokens[symbol];
    const amount = parseUnits(RESERVES[symbol].seed, decimals);
    await mint(ctx.clients, address, ctx.deployer, amount);
    await send(ctx, { address, abi: tokenAbi }, 'approve', [pool.address, maxUint256], `approve ${symbol}`);
    await send(ctx, pool, 'supply', [address, amount, ctx.deployer, 0], `seed ${symbol}`);
  }
}

async function reserveTokens(
  ctx: Context,
  dataProvider: Address
): Promise<Pick<AaveMarket, 'aTokens' | 'variableDebtTokens'>> {
  const aTokens: Partial<Record<TokenSymbol, Address>> = {};
  const variableDebtTokens: Partial<Record<TokenSymbol, Address>> = {};
  for (const symbol of TOKEN_SYMBOLS) {
    const [aToken, , variableDebt] = await ctx.clients.public.readContract({
      address: dataProvider,
      abi: readAbi,
      functionName: 'getReserveTokensAddresses',
      args: [ctx.tokens[symbol].address],
    });
    aTokens[symbol] = aToken;
    variableDebtTokens[symbol] = variableDebt;
  }
  return {
    aTokens: aTokens as Record<TokenSymbol, Address>,
    variableDebtTokens: variableDebtTokens as Record<TokenSymbol, Address>,
  };
}

export async function deployAaveMarket(clients: DemoClients, tokens: Tokens, feeds: Feeds): Promise<AaveMarket> {
  cachedArtifacts ??= loadArtifacts();
  const ctx: Context = { clients, a: cachedArtifacts, deployer: clients.wallet('deployer').account.address, tokens };
  const provider = await deployGovernance(ctx);
  const proxies = await deployPool(ctx, provider);
  const pool = { address: proxies.pool, abi: ctx.a.pool.abi };
  const configurator = { address: proxies.configurator, abi: ctx.a.configurator.abi };
  const { oracle, dataProvider } = await deployOracleAndDataProvider(ctx, provider, feeds);
  await initReserves(ctx, provider.address, pool.address, configurator);
  await configureReserves(ctx, configurator);
  const flashLoanPremiumBps = await ensureFlashLoanPremium(ctx, pool, configurator);
  await seedLiquidity(ctx, pool);
  return {
    pool: pool.address,
    addressesProvider: provider.address,
    dataProvider,
    oracle,
    ...(await reserveTokens(ctx, dataProvider)),
    flashLoanPremiumBps,
    abis: { pool: ctx.a.pool.abi, dataProvider: ctx.a.dataProvider.abi, aToken: ctx.a.aToken.abi },
  };
}
