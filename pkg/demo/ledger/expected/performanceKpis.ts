/**
 * Section 5 of the framework (performance): revenue − expenses over the blocks in the range, from the
 * per-block entries of pnl.ts. Null when the range holds no block (no data); 0 when it holds blocks
 * without any revenue or expense.
 */
import { ASSETS } from '../../sim/scenario';
import { worstOf } from './headline';
import type { LedgerView } from './ledgerView';
import { PNL_KINDS, REVENUE_KINDS, type PnlEntry } from './pnl';
import { blocksInRange, DAY_MS } from './range';
import { leastSquaresSlope, sum } from './stats';
import { nav } from './valuation';
import type { ExpectedValue, TimeRange } from './types';

const NO_BLOCK_IN_RANGE: ExpectedValue = { value: null, note: 'no simulated block in the range' };

function entriesIn(view: LedgerView, blocks: readonly number[]): PnlEntry[] {
  return blocks.flatMap((i) => view.pnl[i]);
}

/** Revenue, expenses (positive numbers) and each kind's signed total. */
export function pnlTotals(entries: readonly PnlEntry[]) {
  const byKind = Object.fromEntries(
    PNL_KINDS.map((kind) => [kind, sum(entries.filter((e) => e.kind === kind).map((e) => e.usd))])
  ) as Record<(typeof PNL_KINDS)[number], number>;
  const revenue = sum(REVENUE_KINDS.map((kind) => byKind[kind]));
  const expenses = -sum(PNL_KINDS.filter((kind) => !REVENUE_KINDS.includes(kind)).map((kind) => byKind[kind]));
  return { revenue, expenses, byKind };
}

/**
 * Revenue − expenses; the trend is the least-squares slope, in USD per day, of the cumulative PnL at
 * each block in the range (time in days) — what the KPI's state judges. NAV change (last − first block
 * in the range) is shown alongside, as the framework asks.
 */
export function totalPnl(view: LedgerView, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const { revenue, expenses, byKind } = pnlTotals(entriesIn(view, blocks));
  let cumulative = 0;
  const days: number[] = [];
  const cumulativePnl: number[] = [];
  for (const i of blocks) {
    cumulative += sum(view.pnl[i].map((entry) => entry.usd));
    days.push((view.record.blocks[i].timestamp * 1000) / DAY_MS);
    cumulativePnl.push(cumulative);
  }
  const navChange =
    nav(view.holdings[blocks[blocks.length - 1]], view.config) - nav(view.holdings[blocks[0]], view.config);
  return {
    value: revenue - expenses,
    trend: leastSquaresSlope(days, cumulativePnl),
    parts: { revenue, expenses, ...byKind, navChange },
  };
}

/** Per asset: the same revenue − expenses, each entry attributed as pnl.ts says; the KPI value is the worst asset. */
export function tokenPnl(view: LedgerView, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  if (blocks.length === 0) {
    return NO_BLOCK_IN_RANGE;
  }
  const entries = entriesIn(view, blocks);
  const breakdown = Object.fromEntries(
    ASSETS.map((asset) => [asset, sum(entries.filter((e) => e.asset === asset).map((e) => e.usd))])
  );
  return { value: worstOf('token_pnl', breakdown), breakdown };
}

/** Revenue ÷ trading costs (every expense: gas, borrow interest, premiums, hedge fees, funding net of receipts) × 100. */
export function revenueEfficiency(view: LedgerView, range: TimeRange): ExpectedValue {
  const blocks = blocksInRange(view.record, range);
  const { revenue, expenses } = pnlTotals(entriesIn(view, blocks));
  if (expenses <= 0) {
    return { value: null, parts: { revenue, expenses }, note: 'no net trading cost in the range' };
  }
  return { value: (revenue / expenses) * 100, parts: { revenue, expenses } };
}
