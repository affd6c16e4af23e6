/**
 * Rebalances: a token moved from one of the market maker's wallets to another (e.g. treasury to
 * maker), as the rebalancing count KPI counts them, one event per transfer.
 */
import type { Address } from 'viem';

import type { ResolvedAsset } from '../gather/sourcesConfig';
import { wholeTokens } from '../gather/units';
import type { WalletTransaction } from '../sources/activity';
import { formatUnits, type PmmEvent } from './types';

export function rebalanceEvents(
  txs: readonly WalletTransaction[],
  holders: readonly Address[],
  names: ReadonlyMap<Address, string>,
  assets: readonly ResolvedAsset[]
): PmmEvent[] {
  const own = new Set<string>(holders);
  return txs.flatMap((tx) =>
    tx.transfers
      .filter((tr) => own.has(tr.from) && own.has(tr.to) && tr.from !== tr.to)
      .map((tr): PmmEvent => {
        const asset = assets.find((a) => a.address === tr.token);
        const amount = asset
          ? `${formatUnits(wholeTokens(tr.amount, asset.decimals))} ${asset.symbol}`
          : `${tr.amount} of ${tr.token}`;
        const from = names.get(tr.from) ?? tr.from;
        const to = names.get(tr.to) ?? tr.to;
        return {
          kind: 'rebalance',
          timeMs: tx.timestampSec * 1000,
          title: `Rebalance: ${amount} ${from} → ${to}`,
          text: `${amount} moved from ${from} to ${to} in block ${tx.blockNumber}.`,
          tags: ['rebalance', asset?.symbol ?? tr.token],
          txHash: tx.hash,
          wallets: [from, to],
        };
      })
  );
}
