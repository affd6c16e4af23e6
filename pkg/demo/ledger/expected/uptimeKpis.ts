/**
 * Section 1 of the framework (system uptime) from the quote log and the receipts. RFQ-based KPIs take
 * the RFQs received in the range (the quote log is paged by receivedAt); transaction- and fill-based
 * ones take the transactions whose block is in the range.
 */
import type { WorldRecord } from '../record';
import type { LedgerView } from './ledgerView';
import { blockMs, inRange } from './range';
import { mean, percentOf, populationStdDev, quantile } from './stats';
import type { ExpectedValue, MeasuredAtQueryTime, TimeRange } from './types';

function rfqsReceived(record: WorldRecord, range: TimeRange) {
  return record.rfqs.filter((rfq) => inRange(rfq.receivedAtMs, range));
}

/** Answered = a quote or a deliberate no-quote, i.e. every RFQ without an error. */
export function uptime(view: LedgerView, range: TimeRange): ExpectedValue {
  const received = rfqsReceived(view.record, range);
  const answered = received.filter((rfq) => rfq.error === undefined).length;
  return { value: percentOf(answered, received.length), parts: { received: received.length, answered } };
}

export function quoteResponseMs(view: LedgerView, range: TimeRange): ExpectedValue {
  const times = rfqsReceived(view.record, range).flatMap((rfq) =>
    rfq.quotedAtMs === undefined ? [] : [rfq.quotedAtMs - rfq.receivedAtMs]
  );
  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  return {
    value: mean(times),
    parts: { quotes: times.length, ...(p50 === null ? {} : { p50 }), ...(p95 === null ? {} : { p95 }) },
  };
}

/**
 * Settlement transactions: those of the accepted quotes (success or reverted) plus the wallets' own,
 * by the block they were mined in.
 */
export function settlementSuccess(view: LedgerView, range: TimeRange): ExpectedValue {
  const { record, config } = view;
  const blockTime = new Map(record.blocks.map((block) => [block.number, blockMs(block)]));
  const inRangeAt = (blockNumber: bigint | undefined) => {
    const time = blockNumber === undefined ? undefined : blockTime.get(blockNumber);
    return time !== undefined && inRange(time, range);
  };
  const settlements = record.rfqs.filter(
    (rfq) => rfq.accepted && rfq.settled !== undefined && inRangeAt(rfq.blockNumber)
  );
  const own = record.txs.filter((tx) => config.walletTxKinds.includes(tx.kind) && inRangeAt(tx.blockNumber));
  const sent = settlements.length + own.length;
  const succeeded =
    settlements.filter((rfq) => rfq.settled === 'success').length + own.filter((tx) => tx.status === 'success').length;
  return { value: percentOf(succeeded, sent), parts: { sent, succeeded, fills: settlements.length, own: own.length } };
}

/** Coefficient of variation of the base fee over the simulated blocks of [toMs − 24 h, toMs). */
export function gasPriceImpact(view: LedgerView, range: TimeRange): ExpectedValue {
  const window = { fromMs: range.toMs - view.config.gasVolatilityWindowMs, toMs: range.toMs };
  const fees = view.record.blocks
    .filter((block) => inRange(blockMs(block), window))
    .map((b) => Number(b.baseFeePerGas));
  const average = mean(fees);
  const std = populationStdDev(fees);
  if (average === null || std === null || average === 0) {
    return { value: null, parts: { blocks: fees.length } };
  }
  return { value: (std / average) * 100, parts: { blocks: fees.length, meanWei: average, stdWei: std } };
}

/** Fills ÷ quotes given, over the quotes received in the range (their fills follow within a block). */
export function quoteAcceptance(view: LedgerView, range: TimeRange): ExpectedValue {
  const quotes = rfqsReceived(view.record, range).filter(
    (rfq) => rfq.quotedAtMs !== undefined && rfq.price !== undefined
  );
  const fills = quotes.filter((rfq) => rfq.settled === 'success').length;
  return { value: percentOf(fills, quotes.length), parts: { quotes: quotes.length, fills } };
}

/** Fill block timestamp − quotedAt, over the fills mined in the range. */
export function executionLatencyMs(view: LedgerView, range: TimeRange): ExpectedValue {
  const latencies = view.fills
    .filter((fill) => inRange(fill.timestampMs, range))
    .flatMap((fill) => (fill.rfq.quotedAtMs === undefined ? [] : [fill.timestampMs - fill.rfq.quotedAtMs]));
  return { value: mean(latencies), parts: { fills: latencies.length } };
}

export function measuredAtQueryTime(what: string): MeasuredAtQueryTime {
  return {
    measuredAtQueryTime: true,
    note: `${what} is measured against the live endpoints when the query runs; the ledger cannot know it`,
  };
}
