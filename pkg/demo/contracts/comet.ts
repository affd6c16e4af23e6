/**
 * The demo world's Compound III market: our CometMarket.sol, which speaks Comet's ABI for every read
 * the engine makes (no registry package ships Comet's bytecode). One base asset, several collaterals,
 * per-second borrow interest; the deployer is its governor.
 */
import { maxUint128, parseAbi, parseUnits, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients } from '../chain/clients';
import { compileSolidity, ownSource, type CompiledContract } from './compile';
import { deploy } from './deploy';

const SOURCE = 'demo-comet';

/** Comet allows 15 collaterals: an account's assets are a 16-bit set. */
const MAX_COLLATERALS = 15;

export interface CometCollateral {
  asset: Address;
  /** A Chainlink-compatible USD feed with 8 decimals. */
  feed: Address;
  /** 10^decimals of the asset; the contract checks it against the token. */
  scale: bigint;
  /** Fractions such as 0.825, stored scaled by 1e18 as Comet does. */
  borrowCF: number;
  liquidateCF: number;
  liquidationFactor: number;
  /** In the asset's smallest unit; no practical cap when omitted. */
  supplyCap?: bigint;
}

/** Comet's kinked curve, yearly fractions; without it the borrow rate is `borrowApr` at any utilization. */
export interface CometRateCurve {
  kink: number;
  slopeLowApr: number;
  slopeHighApr: number;
}

export interface CometConfig {
  baseToken: Address;
  baseFeed: Address;
  collaterals: readonly CometCollateral[];
  /** Borrow rate at zero utilization, a yearly fraction (0.05 = 5 %), accrued per second without compounding. */
  borrowApr: number;
  rateCurve?: CometRateCurve;
}

/**
 * Comet's ABI for what the demo drives and the engine reads, written out so viem types every call;
 * a test checks each entry against the compiled contract.
 */
export const cometAbi = parseAbi([
  'struct AssetInfo { uint8 offset; address asset; address priceFeed; uint64 scale; uint64 borrowCollateralFactor; uint64 liquidateCollateralFactor; uint64 liquidationFactor; uint128 supplyCap; }',
  'struct TotalsBasic { uint64 baseSupplyIndex; uint64 baseBorrowIndex; uint64 trackingSupplyIndex; uint64 trackingBorrowIndex; uint104 totalSupplyBase; uint104 totalBorrowBase; uint40 lastAccrualTime; uint8 pauseFlags; }',
  'function governor() view returns (address)',
  'function baseToken() view returns (address)',
  'function baseTokenPriceFeed() view returns (address)',
  'function baseScale() view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function numAssets() view returns (uint8)',
  'function borrowKink() view returns (uint256)',
  'function borrowPerSecondInterestRateBase() view returns (uint256)',
  'function borrowPerSecondInterestRateSlopeLow() view returns (uint256)',
  'function borrowPerSecondInterestRateSlopeHigh() view returns (uint256)',
  'function getAssetInfo(uint8 i) view returns (AssetInfo)',
  'function getAssetInfoByAddress(address asset) view returns (AssetInfo)',
  'function getPrice(address priceFeed) view returns (uint256)',
  'function getUtilization() view returns (uint256)',
  'function getBorrowRate(uint256 utilization) view returns (uint64)',
  'function getSupplyRate(uint256 utilization) view returns (uint64)',
  'function totalsBasic() view returns (TotalsBasic)',
  'function totalSupply() view returns (uint256)',
  'function totalBorrow() view returns (uint256)',
  'function totalsCollateral(address) view returns (uint128 totalSupplyAsset, uint128 _reserved)',
  'function userBasic(address) view returns (int104 principal, uint64 baseTrackingIndex, uint64 baseTrackingAccrued, uint16 assetsIn, uint8 _reserved)',
  'function userCollateral(address, address) view returns (uint128 balance, uint128 _reserved)',
  'function balanceOf(address account) view returns (uint256)',
  'function borrowBalanceOf(address account) view returns (uint256)',
  'function collateralBalanceOf(address account, address asset) view returns (uint128)',
  'function isBorrowCollateralized(address account) view returns (bool)',
  'function isLiquidatable(address account) view returns (bool)',
  'function supply(address asset, uint256 amount)',
  'function supplyTo(address dst, address asset, uint256 amount)',
  'function withdraw(address asset, uint256 amount)',
  'function withdrawTo(address to, address asset, uint256 amount)',
  'function accrueAccount(address)',
  'function absorb(address absorber, address[] accounts)',
  'event Supply(address indexed from, address indexed dst, uint256 amount)',
  'event Transfer(address indexed from, address indexed to, uint256 amount)',
  'event Withdraw(address indexed src, address indexed to, uint256 amount)',
  'event SupplyCollateral(address indexed from, address indexed dst, address indexed asset, uint256 amount)',
  'event WithdrawCollateral(address indexed src, address indexed to, address indexed asset, uint256 amount)',
  'event AbsorbDebt(address indexed absorber, address indexed borrower, uint256 basePaidOut, uint256 usdValue)',
  'event AbsorbCollateral(address indexed absorber, address indexed borrower, address indexed asset, uint256 collateralAbsorbed, uint256 usdValue)',
  'error BadAsset()',
  'error BadDecimals()',
  'error BadPrice()',
  'error BorrowCFTooLarge()',
  'error LiquidateCFTooLarge()',
  'error NotCollateralized()',
  'error NotLiquidatable()',
  'error SupplyCapExceeded()',
  'error TooManyAssets()',
  'error TransferInFailed()',
  'error TransferOutFailed()',
  'error Overflow()',
]);

/** The compiled CometMarket.sol, from the solc cache after the first call. */
export function cometContract(): CompiledContract {
  const contract = compileSolidity({ sources: ownSource('CometMarket.sol') })['CometMarket.sol']?.CometMarket;
  if (!contract) {
    throw new PmmError(SOURCE, 'CometMarket.sol compiled without a CometMarket contract', {
      fix: 'check pkg/demo/contracts/sol/CometMarket.sol',
    });
  }
  return contract;
}

/**
 * A fraction as a 1e18-scaled integer. Goes through the decimal text, not `x * 1e18`, so 0.825 becomes
 * exactly 825000000000000000 rather than its nearest binary neighbour.
 */
function toWad(value: number, what: string): bigint {
  const text = String(value);
  if (!/^\d+(\.\d{1,18})?$/.test(text)) {
    throw new PmmError(SOURCE, `${what} = ${text} is not a non-negative decimal with at most 18 digits`, {
      fix: 'give it as a plain fraction such as 0.825',
    });
  }
  return parseUnits(text, 18);
}

function checkCollateral(c: CometCollateral): void {
  const where = `collateral ${c.asset}`;
  for (const [name, value] of [
    ['borrowCF', c.borrowCF],
    ['liquidateCF', c.liquidateCF],
    ['liquidationFactor', c.liquidationFactor],
  ] as const) {
    if (!(value >= 0 && value <= 1)) {
      throw new PmmError(SOURCE, `${where}: ${name} ${value} is outside [0, 1]`, {
        fix: 'give a fraction such as 0.8',
      });
    }
  }
  if (c.borrowCF >= c.liquidateCF) {
    throw new PmmError(SOURCE, `${where}: borrowCF ${c.borrowCF} is not below liquidateCF ${c.liquidateCF}`, {
      fix: 'Comet requires borrowCF < liquidateCF, so a fresh borrow is never liquidatable',
    });
  }
  if (!/^10*$/.test(c.scale.toString())) {
    throw new PmmError(SOURCE, `${where}: scale ${c.scale} is not a power of ten`, { fix: 'pass 10n ** decimals' });
  }
}

export async function deployComet(
  clients: DemoClients,
  config: CometConfig
): Promise<{ address: Address; abi: typeof cometAbi }> {
  if (config.collaterals.length > MAX_COLLATERALS) {
    throw new PmmError(SOURCE, `${config.collaterals.length} collaterals, Comet holds at most ${MAX_COLLATERALS}`, {
      fix: 'list fewer collaterals',
    });
  }
  config.collaterals.forEach(checkCollateral);
  const curve = config.rateCurve ?? { kink: 1, slopeLowApr: 0, slopeHighApr: 0 };
  const assetConfigs = config.collaterals.map((c) => ({
    asset: c.asset,
    priceFeed: c.feed,
    scale: c.scale,
    borrowCollateralFactor: toWad(c.borrowCF, 'borrowCF'),
    liquidateCollateralFactor: toWad(c.liquidateCF, 'liquidateCF'),
    liquidationFactor: toWad(c.liquidationFactor, 'liquidationFactor'),
    supplyCap: c.supplyCap ?? maxUint128,
  }));
  const address = await deploy(clients, cometContract(), [
    config.baseToken,
    config.baseFeed,
    toWad(curve.kink, 'kink'),
    toWad(config.borrowApr, 'borrowApr'),
    toWad(curve.slopeLowApr, 'slopeLowApr'),
    toWad(curve.slopeHighApr, 'slopeHighApr'),
    assetConfigs,
  ]);
  return { address, abi: cometAbi };
}
