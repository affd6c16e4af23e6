/**
 * Chainlink prices at a block: `latestRoundData` called at that block (an archive read), which is
 * exactly what any contract reading the feed saw then. A non-positive answer, or a round that never
 * completed, is that feed's error; age is measured against the block's own timestamp.
 */
import { parseAbi, type Address } from 'viem';
import { getBlock } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import type { RpcClient } from '../rpc/rpcClient';
import { withRpcErrors } from '../rpc/rpcError';
import {
  atBlock,
  checkedAddress,
  readContext,
  settle,
  together,
  toTokens,
  type CallTarget,
  type ReadEntry,
} from './contractRead';
import { multicall } from './multicall';

const SOURCE = 'chainlink';

/** AggregatorV3Interface, as proxies (EACAggregatorProxy) and aggregators expose it. */
export const aggregatorV3Abi = parseAbi([
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
]);

/** A feed address, or one with its own heartbeat (ETH/USD 3,600 s, USDC/USD 86,400 s on Ethereum). */
export type FeedInput = Address | { address: Address; heartbeatSec?: number };

export interface GetFeedPricesParameters {
  feeds: readonly FeedInput[];
  blockNumber: bigint;
  /** Heartbeat of the feeds that do not give their own: older answers are flagged `stale`. */
  heartbeatSec?: number;
}

export type FeedPriceEntry = ReadEntry<
  { feed: Address },
  {
    /** The raw answer, scaled by 10^decimals. */
    answer: bigint;
    decimals: number;
    /** The answer as a number, e.g. 3000.5 (USD per unit for a USD feed). */
    price: number;
    /** E.g. "ETH / USD"; undefined for a feed without description(), which does not fail the price. */
    description: string | undefined;
    /** On a proxy: (phaseId << 64) | aggregator round id. */
    roundId: bigint;
    /** Unix seconds of the answer. */
    updatedAt: number;
    /** Seconds from `updatedAt` to the block read at. */
    ageSec: number;
    /** Only when a heartbeat is known: the answer is older than it. */
    stale?: boolean;
  }
>;
/** In the order of `feeds`. */
export type GetFeedPricesReturnType = FeedPriceEntry[];
export type GetFeedPricesErrorType = PmmError;

export async function getFeedPrices(
  client: RpcClient,
  { feeds, blockNumber, heartbeatSec }: GetFeedPricesParameters
): Promise<GetFeedPricesReturnType> {
  const inputs = feeds.map((feed) => {
    const given = typeof feed === 'string' ? { address: feed } : feed;
    const heartbeat = given.heartbeatSec ?? heartbeatSec;
    if (heartbeat !== undefined && !(Number.isFinite(heartbeat) && heartbeat > 0)) {
      throw new PmmError(SOURCE, `heartbeat ${heartbeat} s of feed ${given.address} is not a positive number`, {
        fix: 'give each heartbeat in seconds, above 0',
      });
    }
    return { address: checkedAddress(SOURCE, given.address, 'feed'), heartbeat };
  });
  const ctx = readContext(client, SOURCE, blockNumber);
  const contracts = inputs.map(({ address }) => ({ address, abi: aggregatorV3Abi }) as const);
  const [decimals, descriptions, rounds, block] = await withRpcErrors(
    client,
    `${inputs.length} Chainlink feeds${atBlock(blockNumber)}`,
    () =>
      Promise.all([
        multicall(client, {
          contracts: contracts.map((c) => ({ ...c, functionName: 'decimals' }) as const),
          blockNumber,
        }),
        multicall(client, {
          contracts: contracts.map((c) => ({ ...c, functionName: 'description' }) as const),
          blockNumber,
        }),
        multicall(client, {
          contracts: contracts.map((c) => ({ ...c, functionName: 'latestRoundData' }) as const),
          blockNumber,
        }),
        getBlock(client, { blockNumber }),
      ])
  );
  const now = Number(block.timestamp);
  return Promise.all(
    inputs.map(async ({ address: feed, heartbeat }, i): Promise<FeedPriceEntry> => {
      const target = (fn: string): CallTarget => ({
        address: feed,
        call: `${fn}()`,
        kind: 'a Chainlink price feed',
        fix: 'check the feed address',
      });
      const read = together(
        await settle(ctx, decimals[i], target('decimals')),
        await settle(ctx, rounds[i], target('latestRoundData'))
      );
      if (!read.ok) {
        return { feed, status: 'failure', error: read.error };
      }
      const [feedDecimals, [roundId, answer, , updatedAtRaw]] = read.values;
      const named = await settle(ctx, descriptions[i], target('description'));
      const description = named.ok ? named.value : undefined;
      const at = atBlock(blockNumber);
      if (updatedAtRaw === 0n) {
        return {
          feed,
          status: 'failure',
          error: errorOf(
            `feed ${feed} has no completed round (round ${roundId} has updatedAt 0)${at}`,
            'check that the feed is live'
          ),
        };
      }
      if (answer <= 0n) {
        return {
          feed,
          status: 'failure',
          error: errorOf(
            `feed ${feed} answered ${answer}, not a positive price, in round ${roundId}${at}`,
            'the feed is broken or deprecated: check its address and status on data.chain.link'
          ),
        };
      }
      const updatedAt = Number(updatedAtRaw);
      const ageSec = now - updatedAt;
      return {
        feed,
        status: 'success',
        answer,
        decimals: feedDecimals,
        price: toTokens(answer, feedDecimals),
        description,
        roundId,
        updatedAt,
        ageSec,
        ...(heartbeat === undefined ? {} : { stale: ageSec > heartbeat }),
      };
    })
  );
}

function errorOf(message: string, fix: string): PmmError {
  return new PmmError(SOURCE, message, { fix });
}
