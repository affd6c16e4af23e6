/**
 * Section 1 of the framework (system uptime). RFQ-based KPIs take the RFQs received in the window;
 * transaction- and fill-based ones take those mined in it; node health, network latency and the RFQ
 * probe are measured when the query runs, and have a value only for a range that ends now.
 */
import { PmmError } from '../../../src/core/errors';
import type { NodeProbe, Rfq } from '../model';
import { noHistoryNote } from '../time/rangeEndsNow';
import type { KpiContext } from './context';
import { inWindow, need, type KpiResult } from './result';
import { columnIn, itemsIn, type TimeOf } from './timeIndex';
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

/**
 * Mean of quotedAt − receivedAt over the quoted RFQs of the window (p50 and p95 alongside). When the
 * window is the query's whole range and that ends now, the RFQ probe's round trip (a synthetic RFQ
 * sent now) is the breakdown entry `probe`: a probe that got no quote counts at its timeout.
 */
export function quoteResponseMs(ctx: KpiContext): KpiResult {
  const probe = ctx.data.rfqProbe;
  const times = rfqsReceived(ctx).flatMap((rfq) =>
    rfq.quotedAtMs === null ? [] : [rfq.quotedAtMs - rfq.receivedAtMs]
  );
  const parts: Record<string, number> = { quotes: times.length };
  const p50 = interpolatedQuantile(times, 0.5);
  const p95 = interpolatedQuantile(times, 0.95);
  if (p50 !== null && p95 !== null) {
    Object.assign(parts, { p50, p95 });
  }
  const result: KpiResult = { value: average(times), parts };
  // The probe measures now: it belongs to the window that ends at the range's end (the headline, and
  // a series' last point), never to earlier points.
  if (probe === null || !ctx.data.measuredNow || ctx.window.toMs !== ctx.data.window.toMs) {
    return result;
  }
  if (probe instanceof PmmError) {
    return { ...result, note: `RFQ probe not measured: ${probe.message}` };
  }
  result.breakdown = { probe: probe.roundTripMs ?? probe.timeoutMs };
  if (probe.roundTripMs === null) {
    result.note = `RFQ probe got no quote (${probe.error ?? 'no answer'}): counted at its ${probe.timeoutMs} ms timeout`;
  }
  return result;
}

export function settlementSuccess(ctx: KpiContext): KpiResult {
  const sent = inWindow(need(ctx.data.settlements), ctx.window);
  const succeeded = sent.filter((s) => s.ok).length;
  return { value: share(succeeded, sent.length), parts: { sent: sent.length, succeeded } };
}

/** Coefficient of variation of the base fee over the blocks of the 24 h before the window's end. */
export function gasPriceImpact(ctx: KpiContext): KpiResult {
  const last24h = { fromMs: ctx.window.toMs - ctx.data.gasWindowMs, toMs: ctx.window.toMs };
  const { timeMs, wei } = need(ctx.data.baseFees);
  const fees = Array.from(columnIn(timeMs, wei, last24h));
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

/**
 * The seed's 300 ms cannot be met where a fill settles in a block: the value says so wherever it is
 * shown (framework revision 2), rather than a critical state nobody can act on going unexplained.
 */
export const EXECUTION_LATENCY_NOTE =
  'the seed’s 300 ms target is kept, but a fill settles in a block, at least one block interval (12 s on Ethereum L1) after its quote: override the bands for the chain';

/** Fill block time − quotedAt over the window's fills. */
export function executionLatencyMs(ctx: KpiContext): KpiResult {
  const latencies = inWindow(need(ctx.data.fills), ctx.window).flatMap((f) =>
    f.quotedAtMs === null ? [] : [f.timeMs - f.quotedAtMs]
  );
  return { value: average(latencies), parts: { fills: latencies.length }, note: EXECUTION_LATENCY_NOTE };
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

/** What a KPI measured at query time gives for a range that does not end now. */
function noHistory(ctx: KpiContext): KpiResult {
  return { value: null, note: noHistoryNote(ctx.data.window) };
}

/** The named probes that got no answer, for a note: "no answer from rpc:b (HTTP 503), coingecko (timeout)". */
function unanswered(dead: ReadonlyArray<{ name: string; error?: string }>): string {
  return `no answer from ${dead.map((d) => (d.error ? `${d.name} (${d.error})` : d.name)).join(', ')}`;
}

/** The worst node's score; a node that did not answer scores 0 and is named in the note. */
export function nodeHealth(ctx: KpiContext): KpiResult {
  if (!ctx.data.measuredNow) {
    return noHistory(ctx);
  }
  const nodes = need(ctx.data.nodes);
  const heads = nodes.flatMap((n) => (n.head === null ? [] : [n.head]));
  const highest = heads.reduce<bigint | null>((a, b) => (a === null || b > a ? b : a), null);
  const breakdown = Object.fromEntries(nodes.map((n) => [n.node, highest === null ? 0 : nodeScore(n, highest)]));
  const dead = nodes.filter((n) => n.head === null || n.roundTripMs === null);
  return {
    value: ctx.worst(breakdown),
    breakdown,
    ...(dead.length > 0
      ? { note: `${unanswered(dead.map((n) => ({ name: n.node, error: n.error })))}: scores 0` }
      : {}),
  };
}

/**
 * The worst (slowest) round trip of a cheap call to every configured endpoint; one that did not answer
 * counts at its probe's timeout and is named in the note, so a dead endpoint is never left out.
 */
export function networkLatencyMs(ctx: KpiContext): KpiResult {
  if (!ctx.data.measuredNow) {
    return noHistory(ctx);
  }
  const probes = need(ctx.data.endpoints);
  const breakdown = Object.fromEntries(probes.map((p) => [p.endpoint, p.roundTripMs ?? p.timeoutMs]));
  const dead = probes.filter((p) => p.roundTripMs === null);
  const timeouts = [...new Set(dead.map((p) => p.timeoutMs))].join(' / ');
  return {
    value: ctx.worst(breakdown),
    breakdown,
    parts: { endpoints: probes.length, unanswered: dead.length },
    ...(dead.length > 0
      ? {
          note: `${unanswered(dead.map((p) => ({ name: p.endpoint, error: p.error })))}: counted at the ${timeouts} ms timeout`,
        }
      : {}),
  };
}
