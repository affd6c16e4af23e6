/**
 * Events the annotation query draws on the dashboards: things that happened on chain in the range,
 * each with the transaction that shows it (a breach spans a time instead). Built from what the engine
 * already reads for its KPIs; the backend turns them into one annotation frame.
 */
import type { Hash } from 'viem';

import type { EventKind } from '../../../src/core/query';

export interface PmmEvent {
  kind: EventKind;
  timeMs: number;
  /** For an event lasting a while (a buffer breach): when it ended, or the range end when still open. */
  timeEndMs?: number;
  title: string;
  /** Plain text; the frame adds the explorer link. */
  text: string;
  tags: string[];
  /** The transaction to open on the explorer. */
  txHash?: Hash;
  /** Names of the wallets involved, for the query's wallet filter. */
  wallets: string[];
}

// Made on first use: an Intl formatter maps ICU's locale data (~6 MB of the executable's pages), which
// a backend that never formats an annotation need not hold.
let usd: Intl.NumberFormat | undefined;
let units: Intl.NumberFormat | undefined;

export function formatUsd(value: number): string {
  usd ??= new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  return usd.format(value);
}

export function formatUnits(value: number): string {
  units ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
  return units.format(value);
}
