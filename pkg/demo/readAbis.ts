/** The mainnet signatures we read back over plain JSON-RPC: these are the protocols' public ABIs, not our engine. */
import { parseAbi, parseAbiItem } from 'viem';

export const aavePoolReadAbi = parseAbi([
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
]);
export const cometReadAbi = parseAbi([
  'function borrowBalanceOf(address account) view returns (uint256)',
  'function collateralBalanceOf(address account, address asset) view returns (uint128)',
]);
export const feedReadAbi = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]);
export const orderFilledEvent = parseAbiItem('event OrderFilled(bytes32 orderHash, uint256 remainingAmount)');
export const flashLoanEvent = parseAbiItem(
  'event FlashLoan(address indexed target, address initiator, address indexed asset, uint256 amount, uint8 interestRateMode, uint256 premium, uint16 indexed referralCode)'
);
