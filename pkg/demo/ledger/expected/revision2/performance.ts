/**
 * Section 5 of revision 2 (performance) over a range: every block in the range is read, so the PnL
 * parts are summed block by block, and the NAV change runs from the block before the range (the last
 * set-up block when the range starts at the first block) to the range's last block.
 */
import { ASSETS } from '../../../sim/scenario';
import { worstOf } from '../headline';
import { blocksInRange, DAY_MS } from '../range';
import { leastSquaresSlope, sum } from '../stats';
import type { ExpectedValue, TimeRange } from '../types';
import { PART_IDS, zeroParts, type Parts } from './pnlParts';
import { navOf } from './portfolio';
import { stateBefore, type Revision2View } from './view';

const NO_BLOCK_IN_RANGE: ExpectedValue = { value: null, note: 'no simulated block in the range' };

export interface PnlOverRange extends Parts {
  navChangeUsd: number;
  externalFlowsUsd: number;
  /** navChange − externalFlows: total PnL. */
  valueUsd: number;
  /** What the parts do not explain: value − Σ parts. */
  residualUsd: number;
}

/** Total PnL and its parts over consecutive block positions (in record.blocks); undefined for none. */
export function pnlOver(view: Revision2View, positions: readonly number[]): PnlOverRange | undefined {
  if (positions.length === 0) {
    return undefined;
  }
  const first = positions[0];
  const last = positions[positions.length - 1];
  const navChangeUsd = navOf(view.portfolio.blocks[last], view.config) - navOf(stateBefore(view, first), view.config);
  const parts = zeroParts();
  let externalFlowsUsd = 0;
  for (const i of positions) {
    externalFlowsUsd += view.pnl[i].externalFlowsUsd;
    for (const id of PART_IDS) {
      parts[id] += view.pnl[i].parts[id];
    }
  }
  const valueUsd = navChangeUsd - externalFlowsUsd;
  return { navChangeUsd, externalFlowsUsd, valueUsd, ...parts, residualUsd: valueUsd - sum(Object.values(parts)) };
}

/** Total PnL; its trend is the least-squares slope (USD per day) of the cumulative PnL at each block. */
export function totalPnl(view: Revision2View, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  const pnl = pnlOver(view, blocks);
  if (!pnl) {
    return NO_BLOCK_IN_RANGE;
  }
  let cumulative = 0;
  const days: number[] = [];
  const series: number[] = [];
  for (const i of blocks) {
    cumulative += view.pnl[i].navChangeUsd - view.pnl[i].externalFlowsUsd;
    days.push((view.record.blocks[i].timestamp * 1000) / DAY_MS);
    series.push(cumulative);
  }
  const { valueUsd, ...parts } = pnl;
  return { value: valueUsd, trend: leastSquaresSlope(days, series), parts };
}

/**
 * Per asset: spread (to the traded base asset) + inventory MTM (native ETH to the ETH-priced asset) +
 * hedge PnL (each perp's, its fees and funding; the margin's revaluation to the margin asset) − the
 * costs attributed to it (gas to the asset the transaction moved, interest to the borrowed asset,
 * premiums to the loan's asset). The assets add up to total PnL less its residual.
 */
export function tokenPnl(view: Revision2View, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const breakdown = Object.fromEntries(ASSETS.map((a) => [a, sum(blocks.map((i) => view.pnl[i].byAsset[a]))]));
  return { value: worstOf('token_pnl', breakdown), breakdown };
}

/**
 * (spread + interest earned) ÷ (gas + interest paid + flash-loan fees + hedge fees + funding paid) × 100.
 * Funding paid is counted per block and asset where the venue charged it; funding received is not
 * revenue here (the numerator is spread and interest only). Interest earned is none in the demo.
 */
export function revenueEfficiency(view: Revision2View, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  let spread = 0;
  let costs = 0;
  for (const i of blocks) {
    for (const entry of view.base.pnl[i]) {
      if (entry.kind === 'spread' || entry.kind === 'interestEarned') {
        spread += entry.usd;
      } else if (entry.kind === 'hedgeFunding') {
        costs += Math.max(0, -entry.usd);
      } else {
        costs -= entry.usd;
      }
    }
  }
  if (costs <= 0) {
    return { value: null, parts: { revenue: spread, costs }, note: 'no trading cost in the range' };
  }
  return { value: (spread / costs) * 100, parts: { revenue: spread, costs } };
}
