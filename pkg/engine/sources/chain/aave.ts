/**
 * Aave V3 reads: a pool's reserves (token addresses and risk parameters, from Pool.getReserveData),
 * accounts' supply and debt per asset (aToken and debt-token balances), their account data as the Pool
 * computes it (health factor, base-currency totals), and the pool's FlashLoan, Borrow and Repay events.
 * ABIs are the fragments we read, checked in the tests against @aave/core-v3's artifacts.
 */
import { isAddressEqual, maxUint256, parseAbi, parseAbiItem, zeroAddress, type Address, type Hash } from 'viem';

import { PmmError } from '../../../../src/core/errors';
import { getLogsSplit } from '../rpc/getLogsSplit';
import type { RpcClient } from '../rpc/rpcClient';
import { withRpcErrors } from '../rpc/rpcError';
import {
  atBlock,
  checkedAddress,
  checkedAddresses,
  checkedRange,
  ratio,
  readContext,
  required,
  settle,
  together,
  toTokens,
  type CallTarget,
  type ReadContext,
  type ReadEntry,
} from './contractRead';
import { multicall } from './multicall';

const SOURCE = 'aave-v3';

const flashLoanEvent = parseAbiItem(
  'event FlashLoan(address indexed target, address initiator, address indexed asset, uint256 amount, uint8 interestRateMode, uint256 premium, uint16 indexed referralCode)'
);
const borrowEvent = parseAbiItem(
  'event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)'
);
const repayEvent = parseAbiItem(
  'event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)'
);

export const aavePoolAbi = [
  ...parseAbi([
    'struct ReserveConfigurationMap { uint256 data; }',
    'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
    'function ADDRESSES_PROVIDER() view returns (address)',
    'function FLASHLOAN_PREMIUM_TOTAL() view returns (uint128)',
    'function getReserveData(address asset) view returns (ReserveData)',
    'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  ]),
  flashLoanEvent,
  borrowEvent,
  repayEvent,
] as const;
export const aaveAddressesProviderAbi = parseAbi([
  'function getPool() view returns (address)',
  'function getPriceOracle() view returns (address)',
]);
export const aaveOracleAbi = parseAbi(['function BASE_CURRENCY_UNIT() view returns (uint256)']);
const balanceOfAbi = parseAbi(['function balanceOf(address account) view returns (uint256)']);

const poolTarget = (pool: Address, call: string): CallTarget => ({
  address: pool,
  call,
  kind: 'an Aave V3 Pool',
  fix: 'check the Aave pool address: the Pool proxy, as PoolAddressesProvider.getPool() returns it',
});

interface PoolRegistry {
  provider: Address;
  /** The provider's price oracle (the zero address if it has none). */
  oracle: Address;
}

/**
 * Proves `pool` is an Aave V3 Pool: its ADDRESSES_PROVIDER() must name it back as getPool(). A flash
 * loan receiver also answers ADDRESSES_PROVIDER(), so that alone would not tell. Also returns the
 * provider's price oracle, read in the same round.
 */
async function checkedPool(ctx: ReadContext, pool: Address): Promise<PoolRegistry> {
  const { client, blockNumber } = ctx;
  const at = atBlock(blockNumber);
  const [entry] = await withRpcErrors(client, `ADDRESSES_PROVIDER() of ${pool}${at}`, () =>
    multicall(client, {
      contracts: [{ address: pool, abi: aavePoolAbi, functionName: 'ADDRESSES_PROVIDER' }],
      blockNumber,
    })
  );
  const provider = required(await settle(ctx, entry, poolTarget(pool, 'ADDRESSES_PROVIDER()')));
  const notAPool = (why: string) =>
    new PmmError(SOURCE, `${pool} is not an Aave V3 Pool${at}: ${why}`, { fix: poolTarget(pool, '').fix });
  if (provider === zeroAddress) {
    throw notAPool('it has no addresses provider');
  }
  const [poolEntry, oracleEntry] = await withRpcErrors(
    client,
    `getPool() and getPriceOracle() of ${provider}${at}`,
    () =>
      multicall(client, {
        contracts: [
          { address: provider, abi: aaveAddressesProviderAbi, functionName: 'getPool' },
          { address: provider, abi: aaveAddressesProviderAbi, functionName: 'getPriceOracle' },
        ],
        blockNumber,
      })
  );
  const providerTarget = (call: string): CallTarget => ({
    address: provider,
    call,
    kind: 'an Aave PoolAddressesProvider',
    fix: poolTarget(pool, '').fix,
  });
  const registered = await settle(ctx, poolEntry, providerTarget('getPool()'));
  if (!registered.ok) {
    throw notAPool(`its ADDRESSES_PROVIDER() ${provider} is not a PoolAddressesProvider`);
  }
  if (!isAddressEqual(registered.value, pool)) {
    throw notAPool(`its ADDRESSES_PROVIDER() ${provider} names ${registered.value} as the pool`);
  }
  const oracle = required(await settle(ctx, oracleEntry, providerTarget('getPriceOracle()')));
  return { provider, oracle };
}

// ---- getAaveReserves ----

/** Bits of ReserveConfigurationMap (ReserveConfiguration.sol in aave-v3-core). */
const LTV_BIT = 0n;
const LIQUIDATION_THRESHOLD_BIT = 16n;
const LIQUIDATION_BONUS_BIT = 32n;
const DECIMALS_BIT = 48n;
const ACTIVE_BIT = 56n;
const FROZEN_BIT = 57n;
const BORROWING_BIT = 58n;
const PAUSED_BIT = 60n;
const FLASHLOAN_ENABLED_BIT = 63n;

const field = (data: bigint, bit: bigint, bits: bigint): number => Number((data >> bit) & ((1n << bits) - 1n));
const flag = (data: bigint, bit: bigint): boolean => ((data >> bit) & 1n) === 1n;

export interface GetAaveReservesParameters {
  pool: Address;
  /** Underlying assets (WETH, USDC…), not their aTokens. */
  assets: readonly Address[];
  /** Default: the latest block. */
  blockNumber?: bigint;
}

/** What getAavePositions needs of a reserve; a success entry of getAaveReserves is one. */
export interface AaveReserveTokens {
  asset: Address;
  aToken: Address;
  variableDebtToken: Address;
  /** The zero address on markets without stable debt. */
  stableDebtToken: Address;
  decimals: number;
}

export type AaveReserveEntry = ReadEntry<
  { asset: Address },
  Omit<AaveReserveTokens, 'asset'> & {
    ltvBps: number;
    /** Collateral counts at this share for the health factor (8250 = 82.5 %). */
    liquidationThresholdBps: number;
    /** 10500 = the liquidator receives 105 % of the debt it repays, in collateral. */
    liquidationBonusBps: number;
    active: boolean;
    frozen: boolean;
    paused: boolean;
    borrowingEnabled: boolean;
    flashLoanEnabled: boolean;
  }
>;

export interface GetAaveReservesReturnType {
  pool: Address;
  /** Fee of a flash loan repaid in the transaction, in bps of the amount. */
  flashLoanPremiumBps: number;
  /** In the order of `assets`; an asset the pool does not list fails alone. */
  reserves: AaveReserveEntry[];
}
export type GetAaveReservesErrorType = PmmError;

export async function getAaveReserves(
  client: RpcClient,
  { pool: poolInput, assets, blockNumber }: GetAaveReservesParameters
): Promise<GetAaveReservesReturnType> {
  const pool = checkedAddress(SOURCE, poolInput, 'pool');
  const assetAddresses = checkedAddresses(SOURCE, assets, 'asset');
  const ctx = readContext(client, SOURCE, blockNumber);
  const [, [premium], reserveData] = await Promise.all([
    checkedPool(ctx, pool),
    withRpcErrors(client, `FLASHLOAN_PREMIUM_TOTAL() of ${pool}${atBlock(blockNumber)}`, () =>
      multicall(client, {
        contracts: [{ address: pool, abi: aavePoolAbi, functionName: 'FLASHLOAN_PREMIUM_TOTAL' }],
        blockNumber,
      })
    ),
    withRpcErrors(client, `getReserveData of ${assetAddresses.length} assets on ${pool}${atBlock(blockNumber)}`, () =>
      multicall(client, {
        contracts: assetAddresses.map(
          (asset) => ({ address: pool, abi: aavePoolAbi, functionName: 'getReserveData', args: [asset] }) as const
        ),
        blockNumber,
      })
    ),
  ]);
  const flashLoanPremium = required(await settle(ctx, premium, poolTarget(pool, 'FLASHLOAN_PREMIUM_TOTAL()')));
  const reserves = await Promise.all(
    assetAddresses.map(async (asset, i): Promise<AaveReserveEntry> => {
      const read = await settle(ctx, reserveData[i], poolTarget(pool, `getReserveData(${asset})`));
      if (!read.ok) {
        return { asset, status: 'failure', error: read.error };
      }
      const reserve = read.value;
      // The Pool answers an unlisted asset with an all-zero struct rather than a revert.
      if (reserve.aTokenAddress === zeroAddress) {
        return {
          asset,
          status: 'failure',
          error: new PmmError(SOURCE, `asset ${asset} is not listed on Aave pool ${pool}${atBlock(blockNumber)}`, {
            fix: 'check the asset address: the underlying token (e.g. WETH), not its aToken',
          }),
        };
      }
      const data = reserve.configuration.data;
      return {
        asset,
        status: 'success',
        aToken: reserve.aTokenAddress,
        variableDebtToken: reserve.variableDebtTokenAddress,
        stableDebtToken: reserve.stableDebtTokenAddress,
        decimals: field(data, DECIMALS_BIT, 8n),
        ltvBps: field(data, LTV_BIT, 16n),
        liquidationThresholdBps: field(data, LIQUIDATION_THRESHOLD_BIT, 16n),
        liquidationBonusBps: field(data, LIQUIDATION_BONUS_BIT, 16n),
        active: flag(data, ACTIVE_BIT),
        frozen: flag(data, FROZEN_BIT),
        paused: flag(data, PAUSED_BIT),
        borrowingEnabled: flag(data, BORROWING_BIT),
        flashLoanEnabled: flag(data, FLASHLOAN_ENABLED_BIT),
      };
    })
  );
  return { pool, flashLoanPremiumBps: Number(flashLoanPremium), reserves };
}

// ---- getAavePositions ----

export interface GetAavePositionsParameters {
  /** The reserves to read, e.g. the success entries of getAaveReserves. */
  reserves: readonly AaveReserveTokens[];
  accounts: readonly Address[];
  blockNumber: bigint;
}

export type AavePositionEntry = ReadEntry<
  { account: Address; asset: Address },
  {
    /** aToken balance: supplied plus interest earned, in the asset's smallest unit. */
    supplied: bigint;
    variableDebt: bigint;
    stableDebt: bigint;
    /** variableDebt + stableDebt. */
    debt: bigint;
    suppliedTokens: number;
    debtTokens: number;
  }
>;
/** Account-major: every reserve of the first account, then of the second… */
export type GetAavePositionsReturnType = AavePositionEntry[];
export type GetAavePositionsErrorType = PmmError;

export async function getAavePositions(
  client: RpcClient,
  { reserves, accounts, blockNumber }: GetAavePositionsParameters
): Promise<GetAavePositionsReturnType> {
  const accountAddresses = checkedAddresses(SOURCE, accounts, 'account');
  const checkedReserves = reserves.map((r) => ({
    asset: checkedAddress(SOURCE, r.asset, 'asset'),
    aToken: checkedAddress(SOURCE, r.aToken, 'aToken'),
    variableDebtToken: checkedAddress(SOURCE, r.variableDebtToken, 'variable debt token'),
    stableDebtToken: checkedAddress(SOURCE, r.stableDebtToken, 'stable debt token'),
    decimals: r.decimals,
  }));
  const ctx = readContext(client, SOURCE, blockNumber);
  const pairs = accountAddresses.flatMap((account) => checkedReserves.map((reserve) => ({ account, reserve })));
  const balanceCalls = (token: (r: AaveReserveTokens) => Address) =>
    pairs.map(
      ({ account, reserve }) =>
        ({ address: token(reserve), abi: balanceOfAbi, functionName: 'balanceOf', args: [account] }) as const
    );
  // Markets without stable debt have no stable debt token: its balance is 0, not a call to address 0.
  const withStable = pairs.filter(({ reserve }) => reserve.stableDebtToken !== zeroAddress);
  const [supplied, variable, stable] = await withRpcErrors(
    client,
    `Aave positions of ${accountAddresses.length} accounts in ${checkedReserves.length} reserves${atBlock(blockNumber)}`,
    () =>
      Promise.all([
        multicall(client, { contracts: balanceCalls((r) => r.aToken), blockNumber }),
        multicall(client, { contracts: balanceCalls((r) => r.variableDebtToken), blockNumber }),
        multicall(client, {
          contracts: withStable.map(
            ({ account, reserve }) =>
              ({
                address: reserve.stableDebtToken,
                abi: balanceOfAbi,
                functionName: 'balanceOf',
                args: [account],
              }) as const
          ),
          blockNumber,
        }),
      ])
  );
  const stableOf = new Map(withStable.map((pair, i) => [pair, stable[i]]));
  return Promise.all(
    pairs.map(async (pair, i): Promise<AavePositionEntry> => {
      const { account, reserve } = pair;
      const { asset } = reserve;
      const target = (token: Address, which: string): CallTarget => ({
        address: token,
        call: `balanceOf(${account})`,
        kind: `the Aave ${which} of ${asset}`,
        fix: `check the ${which} address of ${asset}: pass the reserve tokens getAaveReserves returns for this pool`,
      });
      const stableEntry = stableOf.get(pair);
      const read = together(
        await settle(ctx, supplied[i], target(reserve.aToken, 'aToken')),
        await settle(ctx, variable[i], target(reserve.variableDebtToken, 'variable debt token')),
        stableEntry === undefined
          ? { ok: true as const, value: 0n }
          : await settle(ctx, stableEntry, target(reserve.stableDebtToken, 'stable debt token'))
      );
      if (!read.ok) {
        return { account, asset, status: 'failure', error: read.error };
      }
      const [suppliedAmount, variableDebt, stableDebt] = read.values;
      const debt = variableDebt + stableDebt;
      return {
        account,
        asset,
        status: 'success',
        supplied: suppliedAmount,
        variableDebt,
        stableDebt,
        debt,
        suppliedTokens: toTokens(suppliedAmount, reserve.decimals),
        debtTokens: toTokens(debt, reserve.decimals),
      };
    })
  );
}

// ---- getAaveAccountData ----

export interface GetAaveAccountDataParameters {
  pool: Address;
  accounts: readonly Address[];
  blockNumber: bigint;
}

export type AaveAccountDataEntry = ReadEntry<
  { account: Address },
  {
    /** In the oracle's base currency, scaled by baseCurrencyUnit (1e8 on USD markets). */
    totalCollateralBase: bigint;
    totalDebtBase: bigint;
    availableBorrowsBase: bigint;
    /** The same, in whole base-currency units (USD on USD markets). */
    totalCollateral: number;
    totalDebt: number;
    availableBorrows: number;
    /** Collateral-weighted average, bps. */
    liquidationThresholdBps: number;
    ltvBps: number;
    /** WAD (1e18 = 1.0); uint256 max when there is no debt. */
    healthFactor: bigint;
    noDebt: boolean;
    /** healthFactor as a number; null when there is no debt. Liquidatable below 1. */
    healthFactorValue: number | null;
  }
>;

export interface GetAaveAccountDataReturnType {
  pool: Address;
  oracle: Address;
  /** 10^decimals of the base currency: read from the oracle, never assumed. */
  baseCurrencyUnit: bigint;
  /** In the order of `accounts`. */
  accounts: AaveAccountDataEntry[];
}
export type GetAaveAccountDataErrorType = PmmError;

export async function getAaveAccountData(
  client: RpcClient,
  { pool: poolInput, accounts, blockNumber }: GetAaveAccountDataParameters
): Promise<GetAaveAccountDataReturnType> {
  const pool = checkedAddress(SOURCE, poolInput, 'pool');
  const accountAddresses = checkedAddresses(SOURCE, accounts, 'account');
  const ctx = readContext(client, SOURCE, blockNumber);
  const [{ oracle, baseCurrencyUnit }, data] = await Promise.all([
    baseCurrency(ctx, pool),
    withRpcErrors(client, `getUserAccountData of ${accountAddresses.length} accounts${atBlock(blockNumber)}`, () =>
      multicall(client, {
        contracts: accountAddresses.map(
          (account) =>
            ({ address: pool, abi: aavePoolAbi, functionName: 'getUserAccountData', args: [account] }) as const
        ),
        blockNumber,
      })
    ),
  ]);
  const entries = await Promise.all(
    accountAddresses.map(async (account, i): Promise<AaveAccountDataEntry> => {
      const read = await settle(ctx, data[i], poolTarget(pool, `getUserAccountData(${account})`));
      if (!read.ok) {
        return { account, status: 'failure', error: read.error };
      }
      const [collateral, debt, available, threshold, ltv, healthFactor] = read.value;
      const noDebt = healthFactor === maxUint256;
      return {
        account,
        status: 'success',
        totalCollateralBase: collateral,
        totalDebtBase: debt,
        availableBorrowsBase: available,
        totalCollateral: ratio(collateral, baseCurrencyUnit),
        totalDebt: ratio(debt, baseCurrencyUnit),
        availableBorrows: ratio(available, baseCurrencyUnit),
        liquidationThresholdBps: Number(threshold),
        ltvBps: Number(ltv),
        healthFactor,
        noDebt,
        healthFactorValue: noDebt ? null : toTokens(healthFactor, 18),
      };
    })
  );
  return { pool, oracle, baseCurrencyUnit, accounts: entries };
}

/** Pool → ADDRESSES_PROVIDER() → getPriceOracle() → BASE_CURRENCY_UNIT(), each at the read's block. */
async function baseCurrency(ctx: ReadContext, pool: Address): Promise<{ oracle: Address; baseCurrencyUnit: bigint }> {
  const { client, blockNumber } = ctx;
  const { provider, oracle } = await checkedPool(ctx, pool);
  const oracleTarget: CallTarget = {
    address: oracle,
    call: 'BASE_CURRENCY_UNIT()',
    kind: 'an Aave oracle',
    fix: `the market's PoolAddressesProvider ${provider} names it as its price oracle: check that the market is Aave V3`,
  };
  if (oracle === zeroAddress) {
    throw new PmmError(
      SOURCE,
      `the addresses provider ${provider} of pool ${pool} has no price oracle${atBlock(blockNumber)}`,
      { fix: oracleTarget.fix }
    );
  }
  const [unitEntry] = await withRpcErrors(client, `BASE_CURRENCY_UNIT() of ${oracle}${atBlock(blockNumber)}`, () =>
    multicall(client, {
      contracts: [{ address: oracle, abi: aaveOracleAbi, functionName: 'BASE_CURRENCY_UNIT' }],
      blockNumber,
    })
  );
  const baseCurrencyUnit = required(await settle(ctx, unitEntry, oracleTarget));
  if (baseCurrencyUnit === 0n) {
    throw new PmmError(SOURCE, `oracle ${oracle} has a BASE_CURRENCY_UNIT of 0${atBlock(blockNumber)}`, {
      fix: oracleTarget.fix,
    });
  }
  return { oracle, baseCurrencyUnit };
}

// ---- Events ----

interface LogPlace {
  blockNumber: bigint;
  txHash: Hash;
  logIndex: number;
}

const byPlace = (a: LogPlace, b: LogPlace): number =>
  a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;

interface RangeParameters {
  pool: Address;
  fromBlock: bigint;
  toBlock: bigint;
  /** The node's known eth_getLogs block-range limit, if any (getLogsSplit adapts below it anyway). */
  maxRange?: bigint;
}

/** Checks the range and that `pool` is a Pool at `toBlock`: logs of a wrong address are silently none. */
async function checkedLogRead(client: RpcClient, { pool, fromBlock, toBlock }: RangeParameters): Promise<Address> {
  const address = checkedAddress(SOURCE, pool, 'pool');
  checkedRange(SOURCE, fromBlock, toBlock);
  await checkedPool(readContext(client, SOURCE, toBlock), address);
  return address;
}

export interface GetAaveFlashLoansParameters extends RangeParameters {
  /** Receivers (the event's indexed `target`); default: all. An empty list matches nothing. */
  targets?: readonly Address[];
  /** Callers of flashLoan/flashLoanSimple; filtered here, as `initiator` is not indexed. */
  initiators?: readonly Address[];
  assets?: readonly Address[];
}

export interface AaveFlashLoan extends LogPlace {
  target: Address;
  initiator: Address;
  asset: Address;
  amount: bigint;
  /** 0: repaid in the transaction; 1 (stable) or 2 (variable): left open as the initiator's debt. */
  interestRateMode: number;
  /** Zero when the loan is left open as debt. */
  premium: bigint;
  referralCode: number;
}
/** In chain order. */
export type GetAaveFlashLoansReturnType = AaveFlashLoan[];
export type GetAaveFlashLoansErrorType = PmmError;

export async function getAaveFlashLoans(
  client: RpcClient,
  parameters: GetAaveFlashLoansParameters
): Promise<GetAaveFlashLoansReturnType> {
  const { fromBlock, toBlock, maxRange } = parameters;
  const targets = parameters.targets && checkedAddresses(SOURCE, parameters.targets, 'target');
  const initiators = parameters.initiators && checkedAddresses(SOURCE, parameters.initiators, 'initiator');
  const assets = parameters.assets && checkedAddresses(SOURCE, parameters.assets, 'asset');
  // Checked before the logs, so a bad pool is named rather than answered with no loans.
  const pool = await checkedLogRead(client, parameters);
  if (targets?.length === 0 || initiators?.length === 0 || assets?.length === 0) {
    return [];
  }
  const logs = await getLogsSplit(
    client,
    {
      address: pool,
      event: flashLoanEvent,
      args: { target: targets, asset: assets },
      strict: true,
      fromBlock,
      toBlock,
    },
    { maxRange }
  );
  const wanted = initiators && new Set(initiators.map((a) => a.toLowerCase()));
  return logs
    .filter((log) => !wanted || wanted.has(log.args.initiator.toLowerCase()))
    .map((log) => ({
      blockNumber: log.blockNumber,
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      target: log.args.target,
      initiator: log.args.initiator,
      asset: log.args.asset,
      amount: log.args.amount,
      interestRateMode: log.args.interestRateMode,
      premium: log.args.premium,
      referralCode: log.args.referralCode,
    }))
    .sort(byPlace);
}

export interface GetAaveDebtFlowsParameters extends RangeParameters {
  /** Whose debt: Borrow's `onBehalfOf`, Repay's `user`. An empty list matches nothing. */
  accounts: readonly Address[];
}

interface AaveDebtFlowBase extends LogPlace {
  /** The underlying asset borrowed or repaid. */
  reserve: Address;
  /** Whose debt changed. */
  account: Address;
  amount: bigint;
}
export type AaveDebtFlow =
  | (AaveDebtFlowBase & {
      kind: 'borrow';
      /** Who called borrow (or flashLoan): receives the funds. */
      caller: Address;
      /** 1 stable, 2 variable. */
      interestRateMode: number;
      /** Ray (1e27) per year at the time of the borrow. */
      borrowRate: bigint;
    })
  | (AaveDebtFlowBase & {
      kind: 'repay';
      repayer: Address;
      /** Repaid by burning the account's aTokens rather than transferring the asset. */
      useATokens: boolean;
    });
/** In chain order. Liquidations also cut debt and emit LiquidationCall, not Repay. */
export type GetAaveDebtFlowsReturnType = AaveDebtFlow[];
export type GetAaveDebtFlowsErrorType = PmmError;

export async function getAaveDebtFlows(
  client: RpcClient,
  parameters: GetAaveDebtFlowsParameters
): Promise<GetAaveDebtFlowsReturnType> {
  const { fromBlock, toBlock, maxRange } = parameters;
  const accounts = checkedAddresses(SOURCE, parameters.accounts, 'account');
  const pool = await checkedLogRead(client, parameters);
  if (accounts.length === 0) {
    return [];
  }
  const range = { address: pool, strict: true, fromBlock, toBlock } as const;
  const [borrows, repays] = await Promise.all([
    getLogsSplit(client, { ...range, event: borrowEvent, args: { onBehalfOf: accounts } }, { maxRange }),
    getLogsSplit(client, { ...range, event: repayEvent, args: { user: accounts } }, { maxRange }),
  ]);
  const flows: AaveDebtFlow[] = [
    ...borrows.map((log): AaveDebtFlow => ({
      kind: 'borrow',
      blockNumber: log.blockNumber,
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      reserve: log.args.reserve,
      account: log.args.onBehalfOf,
      amount: log.args.amount,
      caller: log.args.user,
      interestRateMode: log.args.interestRateMode,
      borrowRate: log.args.borrowRate,
    })),
    ...repays.map((log): AaveDebtFlow => ({
      kind: 'repay',
      blockNumber: log.blockNumber,
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      reserve: log.args.reserve,
      account: log.args.user,
      amount: log.args.amount,
      repayer: log.args.repayer,
      useATokens: log.args.useATokens,
    })),
  ];
  return flows.sort(byPlace);
}
