/** Flash loans the wallets' receiver contracts took from Aave, with their size and premium. */
import type { Address } from 'viem';

import type { ResolvedAsset } from '../gather/sourcesConfig';
import { wholeTokens } from '../gather/units';
import type { AaveFlashLoan } from '../sources/chain';
import { formatUnits, type PmmEvent } from './types';

export function flashLoanEvents(
  loans: readonly AaveFlashLoan[],
  timeOf: ReadonlyMap<bigint, number>,
  assets: readonly ResolvedAsset[],
  names: ReadonlyMap<Address, string>
): PmmEvent[] {
  return loans.flatMap((loan): PmmEvent[] => {
    const timeMs = timeOf.get(loan.blockNumber);
    const asset = assets.find((a) => a.address === loan.asset);
    if (timeMs === undefined || !asset) {
      return [];
    }
    const amount = `${formatUnits(wholeTokens(loan.amount, asset.decimals))} ${asset.symbol}`;
    const receiver = names.get(loan.target) ?? loan.target;
    const repaid = loan.interestRateMode === 0;
    return [
      {
        kind: 'flash-loan',
        timeMs,
        title: `Flash loan: ${amount}`,
        text: repaid
          ? `${receiver} borrowed ${amount} from Aave and repaid it in the same transaction, premium ${formatUnits(wholeTokens(loan.premium, asset.decimals))} ${asset.symbol} (block ${loan.blockNumber}).`
          : `${receiver} borrowed ${amount} from Aave and left it open as debt (block ${loan.blockNumber}).`,
        tags: ['flash-loan', asset.symbol],
        txHash: loan.txHash,
        wallets: [receiver],
      },
    ];
  });
}
