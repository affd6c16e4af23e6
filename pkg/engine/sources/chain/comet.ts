/**
 * Compound III (Comet) reads: a market's configuration (base asset, price feed, collaterals and their
 * factors), accounts' positions in it, and the Supply/Withdraw events that move them. One market has
 * one base asset; supplying base repays debt first, withdrawing past the supplied balance borrows.
 * The ABI is Comet's own (CometMainInterface), cut to what we read.
 */
import { parseAbi, parseAbiItem, zeroAddress, type Address, type Hash } from 'viem';

import { PmmError } from '../../../../src/core/errors';
import { getLogsSplit } from '../rpc/getLogsSplit';
import type { RpcClient } from '../rpc/rpcClient';
import { withRpcErrors } from '../rpc/rpcError';
import {
  atBlock,
  checkedAddress,
  checkedAddresses,
  checkedRange,
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

const SOURCE = 'compound-v3';

const supplyEvent = parseAbiItem('event Supply(address indexed from, address indexed dst, uint256 amount)');
const withdrawEvent = parseAbiItem('event Withdraw(address indexed src, address indexed to, uint256 amount)');
const supplyCollateralEvent = parseAbiItem(
  'event SupplyCollateral(address indexed from, address indexed dst, address indexed asset, uint256 amount)'
);
const withdrawCollateralEvent = parseAbiItem(
  'event WithdrawCollateral(address indexed src, address indexed to, address indexed asset, uint256 amount)'
);

export const cometAbi = [
  ...parseAbi([
    'struct AssetInfo { uint8 offset; address asset; address priceFeed; uint64 scale; uint64 borrowCollateralFactor; uint64 liquidateCollateralFactor; uint64 liquidationFactor; uint128 supplyCap; }',
    'function baseToken() view returns (address)',
    'function baseTokenPriceFeed() view returns (address)',
    'function baseScale() view returns (uint256)',
    'function numAssets() view returns (uint8)',
    'function getAssetInfo(uint8 i) view returns (AssetInfo)',
    'function getAssetInfoByAddress(address asset) view returns (AssetInfo)',
    'function balanceOf(address account) view returns (uint256)',
    'function borrowBalanceOf(address account) view returns (uint256)',
    'function collateralBalanceOf(address account, address asset) view returns (uint128)',
    'function isLiquidatable(address account) view returns (bool)',
    'error BadAsset()',
    'error BadPrice()',
  ]),
  supplyEvent,
  withdrawEvent,
  supplyCollateralEvent,
  withdrawCollateralEvent,
] as const;

const WAD_DECIMALS = 18;

const marketTarget = (market: Address, call: string): CallTarget => ({
  address: market,
  call,
  kind: 'a Compound III (Comet) market',
  fix: 'check the Comet market address: the market proxy, e.g. cUSDCv3',
  abi: cometAbi,
});

interface MarketBasics {
  baseToken: Address;
  baseTokenPriceFeed: Address;
  baseScale: bigint;
  numAssets: number;
}

/** The market's own views, in one Multicall3 round: failing any of them fails the whole read. */
async function marketBasics(ctx: ReadContext, market: Address): Promise<MarketBasics> {
  const [baseToken, baseTokenPriceFeed, baseScale, numAssets] = await withRpcErrors(
    ctx.client,
    `Comet market ${market}${atBlock(ctx.blockNumber)}`,
    () =>
      multicall(ctx.client, {
        contracts: [
          { address: market, abi: cometAbi, functionName: 'baseToken' },
          { address: market, abi: cometAbi, functionName: 'baseTokenPriceFeed' },
          { address: market, abi: cometAbi, functionName: 'baseScale' },
          { address: market, abi: cometAbi, functionName: 'numAssets' },
        ],
        blockNumber: ctx.blockNumber,
      })
  );
  const target = (fn: string) => marketTarget(market, `${fn}()`);
  const basics = {
    baseToken: required(await settle(ctx, baseToken, target('baseToken'))),
    baseTokenPriceFeed: required(await settle(ctx, baseTokenPriceFeed, target('baseTokenPriceFeed'))),
    baseScale: required(await settle(ctx, baseScale, target('baseScale'))),
    numAssets: required(await settle(ctx, numAssets, target('numAssets'))),
  };
  if (basics.baseToken === zeroAddress) {
    throw new PmmError(SOURCE, `${market} has no base token${atBlock(ctx.blockNumber)}`, {
      fix: marketTarget(market, '').fix,
    });
  }
  return basics;
}

/** Decimals from a scale of 10^decimals; anything else is not a Comet scale. */
function decimalsOf(scale: bigint, what: string, market: Address): number {
  const text = scale.toString();
  if (!/^10*$/.test(text)) {
    throw new PmmError(SOURCE, `${what} of market ${market} is ${scale}, not a power of ten`, {
      fix: marketTarget(market, '').fix,
    });
  }
  return text.length - 1;
}

// ---- getCometMarket ----

export interface GetCometMarketParameters {
  market: Address;
  /** Default: the latest block. */
  blockNumber?: bigint;
}

export interface CometAssetInfo {
  /** Index in the market's asset list (getAssetInfo(offset)). */
  offset: number;
  asset: Address;
  /** Chainlink-compatible, 8 decimals, USD. */
  priceFeed: Address;
  /** 10^decimals of the asset. */
  scale: bigint;
  decimals: number;
  /** The factors scaled 1e18, as Comet stores them. */
  borrowCollateralFactor: bigint;
  liquidateCollateralFactor: bigint;
  liquidationFactor: bigint;
  /** In the asset's smallest unit. */
  supplyCap: bigint;
  /** The factors as fractions (0.825). */
  fractions: { borrowCollateralFactor: number; liquidateCollateralFactor: number; liquidationFactor: number };
}

export interface GetCometMarketReturnType {
  market: Address;
  baseToken: Address;
  baseTokenPriceFeed: Address;
  /** 10^decimals of the base token. */
  baseScale: bigint;
  baseDecimals: number;
  numAssets: number;
  /** In offset order. */
  assets: CometAssetInfo[];
}
export type GetCometMarketErrorType = PmmError;

export async function getCometMarket(
  client: RpcClient,
  { market: marketInput, blockNumber }: GetCometMarketParameters
): Promise<GetCometMarketReturnType> {
  const market = checkedAddress(SOURCE, marketInput, 'market');
  const ctx = readContext(client, SOURCE, blockNumber);
  const { baseToken, baseTokenPriceFeed, baseScale, numAssets } = await marketBasics(ctx, market);
  const infos = await withRpcErrors(
    client,
    `getAssetInfo of ${market}'s ${numAssets} assets${atBlock(blockNumber)}`,
    () =>
      multicall(client, {
        contracts: Array.from(
          { length: numAssets },
          (_, i) => ({ address: market, abi: cometAbi, functionName: 'getAssetInfo', args: [i] }) as const
        ),
        blockNumber,
      })
  );
  const assets = await Promise.all(
    infos.map(async (entry, i) =>
      assetInfo(market, required(await settle(ctx, entry, marketTarget(market, `getAssetInfo(${i})`))))
    )
  );
  return {
    market,
    baseToken,
    baseTokenPriceFeed,
    baseScale,
    baseDecimals: decimalsOf(baseScale, 'baseScale', market),
    numAssets,
    assets,
  };
}

type RawAssetInfo = Omit<CometAssetInfo, 'decimals' | 'fractions'>;

function assetInfo(market: Address, raw: RawAssetInfo): CometAssetInfo {
  return {
    offset: raw.offset,
    asset: raw.asset,
    priceFeed: raw.priceFeed,
    scale: raw.scale,
    decimals: decimalsOf(raw.scale, `scale of asset ${raw.asset}`, market),
    borrowCollateralFactor: raw.borrowCollateralFactor,
    liquidateCollateralFactor: raw.liquidateCollateralFactor,
    liquidationFactor: raw.liquidationFactor,
    supplyCap: raw.supplyCap,
    fractions: {
      borrowCollateralFactor: toTokens(raw.borrowCollateralFactor, WAD_DECIMALS),
      liquidateCollateralFactor: toTokens(raw.liquidateCollateralFactor, WAD_DECIMALS),
      liquidationFactor: toTokens(raw.liquidationFactor, WAD_DECIMALS),
    },
  };
}

// ---- getCometPositions ----

export interface GetCometPositionsParameters {
  market: Address;
  accounts: readonly Address[];
  /** Collaterals to read per account; each is checked to be listed on the market. */
  collateralAssets: readonly Address[];
  blockNumber: bigint;
}

export type CometCollateralEntry = ReadEntry<
  { asset: Address },
  {
    /** In the asset's smallest unit. */
    balance: bigint;
    balanceTokens: number;
  }
>;

export type CometPositionEntry = ReadEntry<
  { account: Address },
  {
    /** Debt in base units, interest included. */
    borrowBalance: bigint;
    /** Base supplied (balanceOf), interest included. */
    supplied: bigint;
    borrowBalanceTokens: number;
    suppliedTokens: number;
    isLiquidatable: boolean;
    /** In the order of `collateralAssets`; an asset the market does not list fails alone. */
    collateral: CometCollateralEntry[];
  }
>;

export interface GetCometPositionsReturnType {
  market: Address;
  baseScale: bigint;
  /** In the order of `accounts`. */
  positions: CometPositionEntry[];
}
export type GetCometPositionsErrorType = PmmError;

export async function getCometPositions(
  client: RpcClient,
  { market: marketInput, accounts, collateralAssets, blockNumber }: GetCometPositionsParameters
): Promise<GetCometPositionsReturnType> {
  const market = checkedAddress(SOURCE, marketInput, 'market');
  const accountAddresses = checkedAddresses(SOURCE, accounts, 'account');
  const assets = checkedAddresses(SOURCE, collateralAssets, 'collateral asset');
  const ctx = readContext(client, SOURCE, blockNumber);
  const perAccount = <F extends 'borrowBalanceOf' | 'balanceOf' | 'isLiquidatable'>(functionName: F) =>
    accountAddresses.map((account) => ({ address: market, abi: cometAbi, functionName, args: [account] }) as const);
  const pairs = accountAddresses.flatMap((account) => assets.map((asset) => ({ account, asset })));
  const [{ baseScale }, [assetInfos, borrows, supplies, liquidatable, collaterals]] = await Promise.all([
    marketBasics(ctx, market),
    withRpcErrors(client, `Comet positions on ${market}${atBlock(blockNumber)}`, () =>
      Promise.all([
        multicall(client, {
          contracts: assets.map(
            (asset) =>
              ({ address: market, abi: cometAbi, functionName: 'getAssetInfoByAddress', args: [asset] }) as const
          ),
          blockNumber,
        }),
        multicall(client, { contracts: perAccount('borrowBalanceOf'), blockNumber }),
        multicall(client, { contracts: perAccount('balanceOf'), blockNumber }),
        multicall(client, { contracts: perAccount('isLiquidatable'), blockNumber }),
        multicall(client, {
          contracts: pairs.map(
            ({ account, asset }) =>
              ({ address: market, abi: cometAbi, functionName: 'collateralBalanceOf', args: [account, asset] }) as const
          ),
          blockNumber,
        }),
      ])
    ),
  ]);
  const baseDecimals = decimalsOf(baseScale, 'baseScale', market);
  // Comet answers collateralBalanceOf of an unlisted asset with 0: only getAssetInfoByAddress tells.
  const listed = await Promise.all(
    assets.map(async (asset, i) => {
      const info = await settle(ctx, assetInfos[i], marketTarget(market, `getAssetInfoByAddress(${asset})`));
      if (info.ok) {
        return { ok: true as const, decimals: decimalsOf(info.value.scale, `scale of asset ${asset}`, market) };
      }
      const error =
        info.kind === 'reverted'
          ? new PmmError(SOURCE, `${asset} is not a collateral of Comet market ${market}${atBlock(blockNumber)}`, {
              fix: 'check the collateral asset address (the base asset is not a collateral)',
              cause: info.error,
            })
          : info.error;
      return { ok: false as const, error };
    })
  );
  const positions = await Promise.all(
    accountAddresses.map(async (account, i): Promise<CometPositionEntry> => {
      const call = (fn: string) => marketTarget(market, `${fn}(${account})`);
      const read = together(
        await settle(ctx, borrows[i], call('borrowBalanceOf')),
        await settle(ctx, supplies[i], call('balanceOf')),
        await settle(ctx, liquidatable[i], call('isLiquidatable'))
      );
      if (!read.ok) {
        return { account, status: 'failure', error: read.error };
      }
      const [borrowBalance, supplied, isLiquidatable] = read.values;
      const collateral = await Promise.all(
        assets.map(async (asset, j): Promise<CometCollateralEntry> => {
          const info = listed[j];
          if (!info.ok) {
            return { asset, status: 'failure', error: info.error };
          }
          const balance = await settle(
            ctx,
            collaterals[i * assets.length + j],
            marketTarget(market, `collateralBalanceOf(${account}, ${asset})`)
          );
          if (!balance.ok) {
            return { asset, status: 'failure', error: balance.error };
          }
          return {
            asset,
            status: 'success',
            balance: balance.value,
            balanceTokens: toTokens(balance.value, info.decimals),
          };
        })
      );
      return {
        account,
        status: 'success',
        borrowBalance,
        supplied,
        borrowBalanceTokens: toTokens(borrowBalance, baseDecimals),
        suppliedTokens: toTokens(supplied, baseDecimals),
        isLiquidatable,
        collateral,
      };
    })
  );
  return { market, baseScale, positions };
}

// ---- getCometFlows ----

export interface GetCometFlowsParameters {
  market: Address;
  fromBlock: bigint;
  toBlock: bigint;
  /** Whose position moved: `dst` of supplies, `src` of withdrawals. An empty list matches nothing. */
  accounts: readonly Address[];
  /** The node's known eth_getLogs block-range limit, if any (getLogsSplit adapts below it anyway). */
  maxRange?: bigint;
}

export interface CometFlow {
  /**
   * supply: base in (repays debt first, then earns); withdraw: base out (borrows past the supplied
   * balance); supplyCollateral / withdrawCollateral: a collateral in or out.
   */
  kind: 'supply' | 'withdraw' | 'supplyCollateral' | 'withdrawCollateral';
  /** Whose position moved. */
  account: Address;
  /** Who paid in (`from`) or received (`to`): often the account itself. */
  counterparty: Address;
  /** The base token for supply/withdraw. */
  asset: Address;
  /** In the asset's smallest unit. */
  amount: bigint;
  blockNumber: bigint;
  txHash: Hash;
  logIndex: number;
}
/** In chain order. Liquidations (absorb) move positions without these events: see AbsorbDebt/AbsorbCollateral. */
export type GetCometFlowsReturnType = CometFlow[];
export type GetCometFlowsErrorType = PmmError;

export async function getCometFlows(
  client: RpcClient,
  { market: marketInput, fromBlock, toBlock, accounts, maxRange }: GetCometFlowsParameters
): Promise<GetCometFlowsReturnType> {
  const market = checkedAddress(SOURCE, marketInput, 'market');
  const accountAddresses = checkedAddresses(SOURCE, accounts, 'account');
  checkedRange(SOURCE, fromBlock, toBlock);
  // Read before the logs: a wrong address has no logs, which must not pass for "no flows".
  const { baseToken } = await marketBasics(readContext(client, SOURCE, toBlock), market);
  if (accountAddresses.length === 0) {
    return [];
  }
  const range = { address: market, strict: true, fromBlock, toBlock } as const;
  const options = { maxRange };
  const [supplies, withdrawals, collateralIn, collateralOut] = await Promise.all([
    getLogsSplit(client, { ...range, event: supplyEvent, args: { dst: accountAddresses } }, options),
    getLogsSplit(client, { ...range, event: withdrawEvent, args: { src: accountAddresses } }, options),
    getLogsSplit(client, { ...range, event: supplyCollateralEvent, args: { dst: accountAddresses } }, options),
    getLogsSplit(client, { ...range, event: withdrawCollateralEvent, args: { src: accountAddresses } }, options),
  ]);
  const place = (log: { blockNumber: bigint; transactionHash: Hash; logIndex: number }) => ({
    blockNumber: log.blockNumber,
    txHash: log.transactionHash,
    logIndex: log.logIndex,
  });
  const flows: CometFlow[] = [
    ...supplies.map((log) => ({
      kind: 'supply' as const,
      account: log.args.dst,
      counterparty: log.args.from,
      asset: baseToken,
      amount: log.args.amount,
      ...place(log),
    })),
    ...withdrawals.map((log) => ({
      kind: 'withdraw' as const,
      account: log.args.src,
      counterparty: log.args.to,
      asset: baseToken,
      amount: log.args.amount,
      ...place(log),
    })),
    ...collateralIn.map((log) => ({
      kind: 'supplyCollateral' as const,
      account: log.args.dst,
      counterparty: log.args.from,
      asset: log.args.asset,
      amount: log.args.amount,
      ...place(log),
    })),
    ...collateralOut.map((log) => ({
      kind: 'withdrawCollateral' as const,
      account: log.args.src,
      counterparty: log.args.to,
      asset: log.args.asset,
      amount: log.args.amount,
      ...place(log),
    })),
  ];
  return flows.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1
  );
}
