/**
 * The PnL as signed USD entries (revenue positive, expenses negative), each attributed to one asset:
 * spread on fills (to the base asset), gas of the wallets' transactions (to the asset moved), borrow
 * interest (debt growth that no borrow or repay explains, at the block's price), flash-loan premiums,
 * and the hedge venue's fees and funding. Interest earned on supplied assets has no entry: where a
 * supply earns, its growth shows in NAV, not here (see docs/kpi-framework.md).
 */
import type { Dataset, PnlEntry, Snapshot, Window } from '../model';
import { inWindow, need, within } from './result';

/** Interest of each window block: its debt minus the previous block's, minus principal moved between them. */
function borrowInterest(data: Dataset, window: Window): PnlEntry[] {
  const snapshots = need(data.snapshots);
  const flows = need(data.debtFlows);
  const entries: PnlEntry[] = [];
  let previous: Snapshot | undefined;
  for (const s of snapshots) {
    if (previous && within(s.timeMs, window)) {
      const since = previous.timeMs;
      for (const [key, units] of Object.entries(s.debtUnits)) {
        const asset = key.slice(key.lastIndexOf(':') + 1);
        let principal = 0;
        for (const flow of flows) {
          if (flow.key === key && flow.timeMs > since && flow.timeMs <= s.timeMs) {
            principal += flow.units;
          }
        }
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

export function pnlEntries(data: Dataset, window: Window): PnlEntry[] {
  const fills = inWindow(need(data.fills), window);
  const txs = inWindow(need(data.walletTxs), window);
  const loans = inWindow(need(data.flashLoans), window);
  return [
    ...fills.map((f): PnlEntry => ({ timeMs: f.timeMs, kind: 'spread', asset: f.base, usd: f.spreadUsd })),
    ...txs.map((t): PnlEntry => ({ timeMs: t.timeMs, kind: 'gas', asset: t.asset, usd: -t.gasUsd })),
    ...borrowInterest(data, window),
    ...loans.map((l): PnlEntry => ({ timeMs: l.timeMs, kind: 'flashLoanPremium', asset: l.asset, usd: -l.premiumUsd })),
    ...inWindow(need(data.hedgePnl), window),
  ];
}
