/**
 * The warnings a KPI carries for the flagged prices it was valued at (framework revision 2, "price"):
 * a stale feed answer, a failed feed, an answer off CoinGecko, a feed CoinGecko could not check. A KPI is valued at prices when it reads
 * a dataset part priced from the feeds (the catalogue's DATA_INPUTS with source `chainlink`); the
 * prices it used are those of its window's blocks, of the state block it ends in (which may precede the
 * window), and for VaR those of its look-back days. One warning per asset and problem, naming the
 * blocks and times, so a stale window of ten blocks is one line, not ten.
 */
import { DATA_INPUTS, type DataInput } from '../../../src/core/catalogue';
import type { PriceFlag, PriceProblem, Window } from '../model';

/** Does a KPI reading these parts value anything at a price? */
export function readsPrices(reads: readonly DataInput[]): boolean {
  return reads.some((input) => DATA_INPUTS[input].sources.includes('chainlink'));
}

export interface PricedTimes {
  window: Window;
  /** The state block the KPI's window ends in, when it reads state. */
  stateTimeMs?: number;
  /** Times of the look-back days of the price history it reads (VaR), when it does. */
  historyTimesMs?: readonly number[];
}

/** The flags at the times a KPI priced. */
export function flagsUsed(flags: readonly PriceFlag[], times: PricedTimes): PriceFlag[] {
  const { window, stateTimeMs, historyTimesMs } = times;
  const history = new Set(historyTimesMs ?? []);
  return flags.filter(
    (f) => (f.timeMs >= window.fromMs && f.timeMs < window.toMs) || f.timeMs === stateTimeMs || history.has(f.timeMs)
  );
}

function blockAt(flag: PriceFlag): string {
  return `#${flag.blockNumber} (${new Date(flag.timeMs).toISOString()})`;
}

function where(flags: readonly PriceFlag[]): string {
  const first = flags[0];
  const last = flags[flags.length - 1];
  return flags.length === 1
    ? `at block ${blockAt(first)}`
    : `at ${flags.length} blocks from ${blockAt(first)} to ${blockAt(last)}`;
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))} %`;
}

function ofKind<K extends PriceProblem['kind']>(
  flags: readonly PriceFlag[],
  kind: K
): Array<PriceFlag & { problem: Extract<PriceProblem, { kind: K }> }> {
  return flags.filter((f): f is PriceFlag & { problem: Extract<PriceProblem, { kind: K }> } => f.problem.kind === kind);
}

function valuedAt(flags: readonly PriceFlag[]): string {
  const atCoingecko = flags.filter((f) => f.valuedAt === 'coingecko').length;
  if (atCoingecko === flags.length) {
    return "valued at CoinGecko's price there instead";
  }
  if (atCoingecko === 0) {
    return "no CoinGecko price to fall back on: the feed's answer is used";
  }
  return `valued at CoinGecko's price at ${atCoingecko} of them, at the feed's answer where CoinGecko had none`;
}

/** One warning per asset and problem, in time order of the first block. */
export function priceWarnings(flags: readonly PriceFlag[]): string[] {
  const sorted = [...flags].sort((a, b) => a.timeMs - b.timeMs);
  const symbols = [...new Set(sorted.map((f) => f.symbol))];
  const warnings: string[] = [];
  for (const symbol of symbols) {
    const own = sorted.filter((f) => f.symbol === symbol);
    const stale = ofKind(own, 'stale');
    if (stale.length > 0) {
      const { heartbeatSec } = stale[0].problem;
      const oldest = Math.max(...stale.map((f) => f.problem.ageSec));
      warnings.push(
        `${symbol} price: the Chainlink answer was older than its ${heartbeatSec} s heartbeat (up to ${oldest} s) ` +
          `${where(stale)}; ${valuedAt(stale)}`
      );
    }
    const failed = ofKind(own, 'failed');
    if (failed.length > 0) {
      warnings.push(
        `${symbol} price: the Chainlink feed failed ${where(failed)} (${failed[0].problem.reason}); ` +
          "valued at CoinGecko's price there instead"
      );
    }
    const deviating = ofKind(own, 'deviating');
    if (deviating.length > 0) {
      const worst = deviating.reduce((a, b) => (b.problem.deviation > a.problem.deviation ? b : a));
      warnings.push(
        `${symbol} price: the Chainlink answer was off CoinGecko's by more than ${percent(worst.problem.maxDeviation)} ` +
          `${where(deviating)} (at most ${percent(worst.problem.deviation)}, at #${worst.blockNumber}); ` +
          "the feed's answer is kept where it was not stale"
      );
    }
    const unchecked = ofKind(own, 'unchecked');
    if (unchecked.length > 0) {
      warnings.push(
        `${symbol} price: CoinGecko could not be read (${unchecked[0].problem.reason}), so the Chainlink answer ` +
          `was not checked against it, nor replaced if stale, ${where(unchecked)}`
      );
    }
  }
  return warnings;
}
