/**
 * Section 1 of the framework (system uptime). RFQ-based KPIs take the RFQs received in the window;
 * transaction- and fill-based ones take those mined in it; node health and network latency are
 * measured when the query runs.
 */
import type { NodeProbe, Rfq } from '../model';
import type { KpiContext } from './context';
import { inWindow, need, type KpiResult } from './result';
import { itemsIn, type TimeOf } from './timeIndex';
import { average, coefficientOfVariation, interpolatedQuantile, share } from './stats';

const receivedAt: TimeOf<Rfq> = (rfq) => rfq.receivedAtMs;

function rfqsReceived(ctx: KpiContext): Rfq[] {
  return itemsIn(need(ctx.data.rfqs), receivedAt, ctx.window);
}

/** Answered (a quote, or a deliberate no-quote) ÷ received; every RFQ without an error is answered. */
export function uptime(ctx: KpiContext): KpiResult {
  const received = rfqsReceived(ctx);
  const answered = received.filter((rfq) => rfq.error === null).length;
  return { value: share(answered, received.length), parts: { received: received.length, answered } };
}

export function quoteResponseMs(ctx: KpiContext): KpiResult {
  const times = rfqsReceived(ctx).flatMap((rfq) =>
    rfq.quotedAtMs === null ? [] : [rfq.quotedAtMs - rfq.receivedAtMs]
  );
  const parts: Record<string, number> = { quotes: times.length };
  const p50 = interpolatedQuantile(times, 0.5);
  const p95 = interpolatedQuantile(times, 0.95);
  if (p50 !== null && p95 !== null) {
    Object.assign(parts, { p50, p95 });
  }
  return { value: average(times), parts };
}

export function settlementSuccess(ctx: KpiContext): KpiResult {
  const sent = inWindow(need(ctx.data.settlements), ctx.window);
  const succeeded = sent.filter((s) => s.ok).length;
  return { value: share(succeeded, sent.length), parts: { sent: sent.length, succeeded } };
}

/** Coefficient of variation of the base fee over the blocks of the 24 h before the window's end. */
export function gasPriceImpact(ctx: KpiContext): KpiResult {
  const last24h = { fromMs: ctx.window.toMs - ctx.data.gasWindowMs, toMs: ctx.window.toMs };
  const fees = inWindow(need(ctx.data.baseFees), last24h).map((f) => f.wei);
  return { value: coefficientOfVariation(fees), parts: { blocks: fees.length } };
}

/** Quotes of the window's RFQs that were filled on chain ÷ quotes given. */
export function quoteAcceptance(ctx: KpiContext): KpiResult {
  // `filled` comes from the fills: without them it would read as "none filled".
  need(ctx.data.fills);
  const quotes = rfqsReceived(ctx).filter((rfq) => rfq.quotedAtMs !== null && rfq.price !== null);
  const filled = quotes.filter((rfq) => rfq.filled).length;
  return { value: share(filled, quotes.length), parts: { quotes: quotes.length, fills: filled } };
}

/** Fill block time − quotedAt over the window's fills. */
export function executionLatencyMs(ctx: KpiContext): KpiResult {
  const latencies = inWindow(need(ctx.data.fills), ctx.window).flatMap((f) =>
    f.quotedAtMs === null ? [] : [f.timeMs - f.quotedAtMs]
  );
  return { value: average(latencies), parts: { fills: latencies.length } };
}

/**
 * Per node: 0.7 × sync + 0.3 × speed, in %. sync is 1 within one block of the highest head among the
 * nodes, falling linearly to 0 at 10 behind (and 0 while syncing); speed is 1 at ≤ 200 ms, falling
 * linearly to 0 at 2,000 ms. A node that did not answer scores 0: it is measured, and it is down.
 */
export function nodeScore(node: NodeProbe, highestHead: bigint): number {
  if (node.head === null || node.roundTripMs === null) {
    return 0;
  }
  const lag = Number(highestHead - node.head);
  const sync = node.syncing ? 0 : clamp01(1 - (lag - 1) / 9);
  const speed = clamp01(1 - (node.roundTripMs - 200) / 1800);
  return (0.7 * sync + 0.3 * speed) * 100;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export function nodeHealth(ctx: KpiContext): KpiResult {
  const nodes = need(ctx.data.nodes);
  const heads = nodes.flatMap((n) => (n.head === null ? [] : [n.head]));
  if (heads.length === 0) {
    return { value: 0, breakdown: Object.fromEntries(nodes.map((n) => [n.node, 0])), note: 'no node answered' };
  }
  const highest = heads.reduce((a, b) => (a > b ? a : b));
  const breakdown = Object.fromEntries(nodes.map((n) => [n.node, nodeScore(n, highest)]));
  return { value: ctx.worst(breakdown), breakdown };
}

/** Mean round trip of a cheap call to every configured endpoint that answered. */
export function networkLatencyMs(ctx: KpiContext): KpiResult {
  const probes = need(ctx.data.endpoints);
  const answered = probes.flatMap((p) => (p.roundTripMs === null ? [] : [[p.endpoint, p.roundTripMs] as const]));
  const failed = probes.filter((p) => p.roundTripMs === null).map((p) => p.endpoint);
  return {
    value: average(answered.map(([, ms]) => ms)),
    breakdown: Object.fromEntries(answered),
    ...(failed.length > 0 ? { note: `no answer from ${failed.join(', ')}` } : {}),
  };
}
