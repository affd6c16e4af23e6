/**
 * The hedge venue's fees and funding as PnL entries, from its recorded states: each state's fees and
 * funding are the growth of the cumulative figures since the state before, split across the assets
 * (fees by each asset's traded notional |Δsize| × mark, funding by the notional held through the
 * interval, size before × mark: exact for a venue that charges every asset the same rates).
 */
import type { PnlEntry } from '../model';
import type { HedgeAccount } from '../sources/offchain';

function sizes(state: HedgeAccount | undefined): Map<string, number> {
  return new Map((state?.positions ?? []).map((p) => [p.asset, p.size]));
}

/** `states` ascending; `before` is the state preceding the first one (undefined: the account opened then). */
export function hedgePnlEntries(states: readonly HedgeAccount[], before: HedgeAccount | undefined): PnlEntry[] {
  const entries: PnlEntry[] = [];
  let previous = before;
  for (const state of states) {
    const timeMs = state.timestamp * 1000;
    const fees = state.feesPaid - (previous?.feesPaid ?? 0);
    const funding = state.fundingNet - (previous?.fundingNet ?? 0);
    const held = sizes(previous);
    const traded = state.positions.map((p) => Math.abs(p.size - (held.get(p.asset) ?? 0)) * p.markPrice);
    const holding = state.positions.map((p) => (held.get(p.asset) ?? 0) * p.markPrice);
    const tradedTotal = traded.reduce((a, b) => a + b, 0);
    const holdingTotal = holding.reduce((a, b) => a + b, 0);
    state.positions.forEach((p, i) => {
      if (tradedTotal !== 0) {
        entries.push({ timeMs, kind: 'hedgeFee', asset: p.asset, usd: (-fees * traded[i]) / tradedTotal });
      }
      if (holdingTotal !== 0) {
        entries.push({ timeMs, kind: 'hedgeFunding', asset: p.asset, usd: (funding * holding[i]) / holdingTotal });
      }
    });
    previous = state;
  }
  return entries;
}
