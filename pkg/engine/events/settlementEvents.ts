/**
 * Failed settlements: transactions the wallets sent that reverted, and accepted quotes whose
 * settlement transaction (sent by the taker) reverted. Both cost the market maker: gas, or a fill it
 * counted on.
 */
import type { Address, Hash } from 'viem';

import type { SettlementStatusEntry, WalletTransaction } from '../sources/activity';
import type { QuoteLogRfq } from '../sources/offchain';
import type { PmmEvent } from './types';

export function revertedWalletTxEvents(
  txs: readonly WalletTransaction[],
  names: ReadonlyMap<Address, string>
): PmmEvent[] {
  return txs
    .filter((tx) => tx.status === 'reverted')
    .map((tx) => {
      const wallet = names.get(tx.from) ?? tx.from;
      return {
        kind: 'failed-settlement',
        timeMs: tx.timestampSec * 1000,
        title: `Transaction of ${wallet} reverted`,
        text: `${wallet} sent ${tx.hash} to ${tx.to ?? 'a contract creation'}; it reverted in block ${tx.blockNumber} and still paid gas (${tx.gasUsed} gas).`,
        tags: ['failed-settlement', wallet],
        txHash: tx.hash,
        wallets: [wallet],
      };
    });
}

/** Accepted quotes whose settlement reverted; `timeOf` gives a block's time. */
export function revertedQuoteEvents(
  rfqs: readonly QuoteLogRfq[],
  statuses: readonly SettlementStatusEntry[],
  timeOf: ReadonlyMap<bigint, number>
): PmmEvent[] {
  const byHash = new Map<Hash, QuoteLogRfq>(rfqs.flatMap((r) => (r.txHash ? [[r.txHash, r] as const] : [])));
  return statuses.flatMap((status): PmmEvent[] => {
    const rfq = byHash.get(status.txHash);
    const timeMs = status.blockNumber === undefined ? undefined : timeOf.get(status.blockNumber);
    if (status.status !== 'reverted' || !rfq || timeMs === undefined) {
      return [];
    }
    return [
      {
        kind: 'failed-settlement',
        timeMs,
        title: `Settlement of quote ${rfq.id} reverted`,
        text: `The taker accepted quote ${rfq.id} (${rfq.side} ${rfq.baseAmount} ${rfq.pair}); its settlement ${status.txHash} reverted in block ${status.blockNumber}.`,
        tags: ['failed-settlement', rfq.pair],
        txHash: status.txHash,
        wallets: [],
      },
    ];
  });
}
