/**
 * Two readings of the PnL.
 *
 * Total PnL (framework revision 2, `pnlOver`): NAV change − external flows over the window, and its
 * parts, each also attributed to one asset (token PnL):
 * - spread: Σ over fills of value received − value given, at the fill block's prices (to the base asset);
 * - inventory MTM: Σ over consecutive state blocks of the holdings at the earlier one (wallet tokens,
 *   supplied − borrowed, native ETH) × the price change to the later one (native ETH to the asset
 *   priced as ETH);
 * - hedge PnL: the venue account's equity change less the wallets' deposits at the venue (to each perp
 *   its size × mark change and its fees and funding; the rest, the margin's revaluation, to the asset
 *   the venue holds most of);
 * - interest: − borrow interest (debt growth no borrow or repay explains) at the block's price;
 * - gas: − the wallets' gas at the ETH price of its block (to the asset the transaction moved);
 * - flash-loan fees: − premiums (to the loan's asset);
 * - residual: what they leave unexplained (cross terms between sampled state blocks, interest earned on
 *   supply, rounding). Shown, never hidden.
 *
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
import { countIn, sortedByTime, timeMsOf } from './timeIndex';
import { ethPrice, navUsd, spotUnits, venueUsd } from './valuation';

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
      ...need(data.flashLoans).map((l): PnlEntry => ({
        timeMs: l.timeMs,
        kind: 'flashLoanPremium',
        asset: l.asset,
        usd: -l.premiumUsd,
      })),
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

/** The parts total PnL is the sum of (with the residual), as `pmm-monitor kpis --json` names them. */
export const PNL_PART_IDS = [
  'spreadUsd',
  'inventoryMtmUsd',
  'hedgePnlUsd',
  'interestUsd',
  'gasUsd',
  'flashLoanFeesUsd',
] as const;
export type PnlPartId = (typeof PNL_PART_IDS)[number];

export interface PnlOverWindow {
  navChangeUsd: number;
  externalFlowsUsd: number;
  parts: Record<PnlPartId, number>;
  /** navChange − externalFlows − Σ parts. */
  residualUsd: number;
  /** Σ parts by asset (the residual is no asset's). */
  byAsset: Record<string, number>;
  /** NAV − NAV at the start − external flows so far, at each of the window's state blocks. */
  cumulative: Array<{ timeMs: number; usd: number }>;
}

function sumUsd(items: ReadonlyArray<{ usd: number }>): number {
  return items.reduce((total, item) => total + item.usd, 0);
}

/** The asset the venue holds most value of: its margin, whose revaluation is the rest of hedge PnL. */
function marginAsset(s: Snapshot): string | undefined {
  let best: string | undefined;
  let bestUsd = 0;
  for (const [asset, h] of Object.entries(s.holdings)) {
    const usd = Math.abs(h.venue * (s.prices[asset] ?? 0));
    if (best === undefined || usd > bestUsd) {
      best = asset;
      bestUsd = usd;
    }
  }
  return best;
}

/**
 * Total PnL and its parts over the window (see the top of this file), from the state block before it
 * to its last state block; undefined when no state block falls in it. When the chain has no block
 * before the window, its first block is the start and what happened in that block is not counted.
 */
export function pnlOver(data: Dataset, window: Window): PnlOverWindow | undefined {
  const snapshots = sortedByTime(need(data.snapshots), timeMsOf);
  const blocks = inWindow(snapshots, window);
  if (blocks.length === 0) {
    return undefined;
  }
  const beforeCount = countIn(snapshots, timeMsOf, { fromMs: -Infinity, toMs: window.fromMs });
  const start = beforeCount > 0 ? snapshots[beforeCount - 1] : blocks[0];
  const chain = beforeCount > 0 ? [start, ...blocks] : blocks;
  const last = blocks[blocks.length - 1];
  const events: Window = beforeCount > 0 ? window : { fromMs: start.timeMs + 1, toMs: window.toMs };

  const parts = Object.fromEntries(PNL_PART_IDS.map((id) => [id, 0])) as Record<PnlPartId, number>;
  const byAsset: Record<string, number> = Object.fromEntries(data.assets.map((a) => [a.symbol, 0]));
  const add = (part: PnlPartId, asset: string, usd: number) => {
    parts[part] += usd;
    byAsset[asset] = (byAsset[asset] ?? 0) + usd;
  };

  for (const fill of inWindow(need(data.fills), events)) {
    add('spreadUsd', fill.base, fill.spreadUsd);
  }
  for (const tx of inWindow(need(data.walletTxs), events)) {
    add('gasUsd', tx.asset, -tx.gasUsd);
  }
  for (const loan of inWindow(need(data.flashLoans), events)) {
    add('flashLoanFeesUsd', loan.asset, -loan.premiumUsd);
  }
  const entries = pnlEntries(data, events);
  for (const entry of entries) {
    if (entry.kind === 'borrowInterest' || entry.kind === 'interestEarned') {
      add('interestUsd', entry.asset, entry.usd);
    }
  }

  let perpsUsd = 0;
  for (let i = 1; i < chain.length; i++) {
    const [before, after] = [chain[i - 1], chain[i]];
    for (const asset of Object.keys(before.holdings)) {
      const change = (after.prices[asset] ?? 0) - (before.prices[asset] ?? 0);
      add('inventoryMtmUsd', asset, spotUnits(before, asset) * change);
      const perp = before.holdings[asset].perp;
      const [from, to] = [before.hedgeMarks[asset], after.hedgeMarks[asset]];
      if (perp !== 0 && from !== undefined && to !== undefined) {
        add('hedgePnlUsd', asset, perp * (to - from));
        perpsUsd += perp * (to - from);
      }
    }
    add('inventoryMtmUsd', before.ethAsset, before.nativeEth * (ethPrice(after) - ethPrice(before)));
  }
  for (const entry of entries) {
    if (entry.kind === 'hedgeFee' || entry.kind === 'hedgeFunding') {
      add('hedgePnlUsd', entry.asset, entry.usd);
      perpsUsd += entry.usd;
    }
  }
  const deposits = sumUsd(inWindow(need(data.venueDeposits), events));
  const hedgeUsd = venueUsd(last) - venueUsd(start) - deposits;
  add('hedgePnlUsd', marginAsset(last) ?? last.ethAsset, hedgeUsd - perpsUsd);

  const flows = inWindow(need(data.externalFlows), events);
  const cumulative: Array<{ timeMs: number; usd: number }> = [];
  let flowed = 0;
  let next = 0;
  for (const block of blocks) {
    while (next < flows.length && flows[next].timeMs <= block.timeMs) {
      flowed += flows[next].usd;
      next++;
    }
    cumulative.push({ timeMs: block.timeMs, usd: navUsd(block) - navUsd(start) - flowed });
  }
  const navChangeUsd = navUsd(last) - navUsd(start);
  const externalFlowsUsd = sumUsd(flows);
  const explained = PNL_PART_IDS.reduce((total, id) => total + parts[id], 0);
  return {
    navChangeUsd,
    externalFlowsUsd,
    parts,
    residualUsd: navChangeUsd - externalFlowsUsd - explained,
    byAsset,
    cumulative,
  };
}
