/**
 * Large fills: the market maker's quotes filled on chain whose base volume reaches a threshold in USD
 * (valued as the KPIs value fills: base units × the feed price at the fill's block).
 */
import type { ChainFill } from '../sources/activity';
import type { Fill } from '../model';
import { formatUnits, formatUsd, type PmmEvent } from './types';

/** `chainFills[i]` and `fills[i]` are the same fill (toFills keeps the order). */
export function largeFillEvents(
  chainFills: readonly ChainFill[],
  fills: readonly Fill[],
  minUsd: number,
  makerName: string
): PmmEvent[] {
  return chainFills.flatMap((chain, i): PmmEvent[] => {
    const fill = fills[i];
    if (!fill || fill.volumeUsd < minUsd) {
      return [];
    }
    return [
      {
        kind: 'large-fill',
        timeMs: fill.timeMs,
        title: `Large fill: ${formatUnits(fill.baseUnits)} ${fill.base} (${formatUsd(fill.volumeUsd)})`,
        text: `Order ${chain.orderHash} filled for ${formatUnits(fill.baseUnits)} ${fill.base}/${fill.quote}, ${formatUsd(fill.volumeUsd)} of volume, spread ${formatUsd(fill.spreadUsd)} (block ${chain.blockNumber}).`,
        tags: ['large-fill', fill.base],
        txHash: chain.txHash,
        wallets: [makerName],
      },
    ];
  });
}
