/**
 * Whether a query's range ends now, which decides whether the KPIs measured at query time (node
 * health, network latency, the RFQ probe) have a value for it: a measurement of now says nothing
 * about a range that ended earlier, so such a range gets no value and no series point from them
 * (revision 2 of the framework: no faked history).
 */
import type { Window } from '../model';

/**
 * How far the range's end may be from the moment the query runs and still be "now": a dashboard's
 * `now` reaches the backend within a second or two, a refresh every 5 s–1 min; a minute covers both
 * and a clock skew between Grafana and the backend, while a range that ended earlier than that is past.
 */
export const NOW_TOLERANCE_MS = 60_000;

/** The range's end lies within NOW_TOLERANCE_MS of `nowMs`, before or after. */
export function rangeEndsNow(window: Window, nowMs: number): boolean {
  return Math.abs(window.toMs - nowMs) <= NOW_TOLERANCE_MS;
}

/** The note a KPI measured at query time carries when the range does not end now. */
export function noHistoryNote(window: Window): string {
  return `measured at query time; no history: the range ends ${new Date(window.toMs).toISOString()}, not now (within ${NOW_TOLERANCE_MS / 1000} s)`;
}
