/**
 * One Chainlink-compatible USD feed per demo asset (our PriceFeed.sol). Aave's oracle reads them, and
 * the simulator moves the market by posting to them.
 */
import { encodeFunctionData, parseAbi, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients } from '../chain/clients';
import { compileSolidity, ownSource, type CompiledContract } from './compile';
import { deploy, transact } from './deploy';
import type { TokenSymbol } from './tokens';

export type Feeds = Record<TokenSymbol, Address>;

/** Chainlink USD feeds answer with 8 decimals; Aave's USD base currency unit is 1e8 to match. */
export const FEED_DECIMALS = 8;

// Feeds price the underlying asset, not the wrapper, as Chainlink's mainnet feeds do.
const DESCRIPTIONS: Record<TokenSymbol, string> = {
  WETH: 'ETH / USD',
  WBTC: 'BTC / USD',
  USDC: 'USDC / USD',
  USDT: 'USDT / USD',
};

/** The compiled PriceFeed.sol (ABI and bytecode), from the solc cache after the first call. */
export function priceFeedContract(): CompiledContract {
  const contract = compileSolidity({ sources: ownSource('PriceFeed.sol') })['PriceFeed.sol']?.PriceFeed;
  if (!contract) {
    throw new PmmError('demo-feeds', 'PriceFeed.sol compiled without a PriceFeed contract', {
      fix: 'check pkg/demo/contracts/sol/PriceFeed.sol',
    });
  }
  return contract;
}

/**
 * The same ABI as the compiled one, written out so viem types reads and writes; a test checks
 * that both list the same functions.
 */
export const priceFeedAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function version() view returns (uint256)',
  'function owner() view returns (address)',
  'function latestRound() view returns (uint80)',
  'function updateAnswer(int256 answer)',
  'function getRoundData(uint80 roundId) view returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function latestAnswer() view returns (int256)',
  'function latestTimestamp() view returns (uint256)',
  'function getAnswer(uint256 roundId) view returns (int256)',
  'function getTimestamp(uint256 roundId) view returns (uint256)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
  'event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt)',
]);

/** A USD price as the feed's 8-decimal integer; rounding keeps 0.1 + 0.2 style float noise out. */
export function toFeedAnswer(usd: number): bigint {
  if (!Number.isFinite(usd) || usd <= 0) {
    throw new PmmError('demo-feeds', `price ${usd} is not a positive number`, { fix: 'post a positive USD price' });
  }
  return BigInt(Math.round(usd * 10 ** FEED_DECIMALS));
}

export async function deployFeeds(clients: DemoClients, initialUsd: Record<TokenSymbol, number>): Promise<Feeds> {
  const contract = priceFeedContract();
  const feeds: Partial<Feeds> = {};
  for (const symbol of Object.keys(DESCRIPTIONS) as TokenSymbol[]) {
    feeds[symbol] = await deploy(clients, contract, [
      FEED_DECIMALS,
      DESCRIPTIONS[symbol],
      toFeedAnswer(initialUsd[symbol]),
    ]);
  }
  return feeds as Feeds;
}

/** Posts a new round; only the deployer (the feeds' owner) may. */
export async function postPrice(clients: DemoClients, feed: Address, usd: number): Promise<void> {
  await transact(
    clients,
    'deployer',
    {
      to: feed,
      data: encodeFunctionData({ abi: priceFeedAbi, functionName: 'updateAnswer', args: [toFeedAnswer(usd)] }),
    },
    {
      source: 'demo-feeds',
      step: `posting ${usd} USD to feed ${feed}`,
      fix: 'post from the deployer, which owns the feeds',
    }
  );
}
