/**
 * The PnL as signed USD entries (revenue positive, expenses negative), each attributed to one asset:
 * spread on fills (to the base asset), gas of the wallets' transactions (to the asset moved), borrow
 * interest (debt growth that no borrow or repay explains, at the block's price), flash-loan premiums,
 * and the hedge venue's fees and funding. Interest earned on supplied assets has no entry: where a
 * supply earns, its growth shows in NAV, not here (see docs/kpi-framework.md).
 *
 * Every entry is timed, so a window's entries are a slice of the dataset's entries in time order:
 * those are built once per dataset, not once per series point.
 */
import type { Dataset, DebtFlow, PnlEntry, Snapshot, Window } from '../model';
import { inWindow, need } from './result';
import { sortedByTime, timeMsOf } from './timeIndex';

/**
 * Interest of each block after the first: its debt minus the previous block's, minus the principal
 * moved between them (flows timed after the previous block, up to this one).
 */
function borrowInterest(snapshots: readonly Snapshot[], flows: readonly DebtFlow[]): PnlEntry[] {
  const flowsOf = new Map<string, DebtFlow[]>();
  for (const flow of sortedByTime(flows, timeMsOf)) {
    const own = flowsOf.get(flow.key);
    if (own) {
      own.push(flow);
    } else {
      flowsOf.set(flow.key, [flow]);
    }
  }
  // Blocks come in time order, so each key's flows are walked once, by a cursor.
  const cursor = new Map<string, number>();
  const entries: PnlEntry[] = [];
  let previous: Snapshot | undefined;
  for (const s of snapshots) {
    if (previous) {
      const since = previous.timeMs;
      for (const key in s.debtUnits) {
        const units = s.debtUnits[key];
        const asset = key.slice(key.lastIndexOf(':') + 1);
        const own = flowsOf.get(key) ?? [];
        let next = cursor.get(key) ?? 0;
        while (next < own.length && own[next].timeMs <= since) {
          next++;
        }
        let principal = 0;
        while (next < own.length && own[next].timeMs <= s.timeMs) {
          principal += own[next].units;
          next++;
        }
        cursor.set(key, next);
        const interest = units - (previous.debtUnits[key] ?? 0) - principal;
        if (interest !== 0) {
          entries.push({ timeMs: s.timeMs, kind: 'borrowInterest', asset, usd: -interest * (s.prices[asset] ?? 0) });
        }
      }
    }
    previous = s;
  }
  return entries;
}

const allEntries = new WeakMap<Dataset, readonly PnlEntry[]>();

/** Every entry of the dataset, in time order (entries of one time in the order of the list above). */
function entriesOf(data: Dataset): readonly PnlEntry[] {
  const known = allEntries.get(data);
  if (known) {
    return known;
  }
  const entries = sortedByTime(
    [
      ...need(data.fills).map((f): PnlEntry => ({ timeMs: f.timeMs, kind: 'spread', asset: f.base, usd: f.spreadUsd })),
      ...need(data.walletTxs).map((t): PnlEntry => ({ timeMs: t.timeMs, kind: 'gas', asset: t.asset, usd: -t.gasUsd })),
      ...borrowInterest(sortedByTime(need(data.snapshots), timeMsOf), need(data.debtFlows)),
      ...need(data.flashLoans).map(
        (l): PnlEntry => ({ timeMs: l.timeMs, kind: 'flashLoanPremium', asset: l.asset, usd: -l.premiumUsd })
      ),
      ...need(data.hedgePnl),
    ],
    timeMsOf
  );
  allEntries.set(data, entries);
  return entries;
}

/** The window's entries, in time order. */
export function pnlEntries(data: Dataset, window: Window): PnlEntry[] {
  return inWindow(entriesOf(data), window);
}
