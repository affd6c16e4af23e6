/**
 * An endpoint's round trip as the network-latency KPI measures it at query time: a GET whose answer
 * only has to arrive, so any HTTP answer below 500 means the endpoint is up.
 */
import type { PmmSourceId } from '../../../../src/core/errors';
import { fetchJson, HttpSourceError } from '../http';
import type { ProbeDependencies, ProbeTarget } from './askNode';
import { reasonOf } from './reasonOf';

export interface EndpointProbe {
  endpoint: string;
  /** null: no answer (or 500 and above) within `timeoutMs`, said by `error`. */
  roundTripMs: number | null;
  /** The probe's deadline: what the network-latency KPI counts an endpoint that did not answer as. */
  timeoutMs: number;
  error?: string;
}

/** An off-chain endpoint, named by its source (quote-log, hedge-venue, coingecko, dune, rfq-probe). */
export interface EndpointTarget extends ProbeTarget {
  name: PmmSourceId;
}

export const PROBE_TIMEOUT_MS = 5_000;

export async function probeEndpoint(target: EndpointTarget, deps: ProbeDependencies = {}): Promise<EndpointProbe> {
  const now = deps.now ?? performance.now.bind(performance);
  const started = now();
  try {
    await fetchJson(
      { source: target.name, url: target.url, headers: target.headers, timeoutMs: PROBE_TIMEOUT_MS, retries: 0 },
      { fetch: deps.fetch }
    );
    return { endpoint: target.name, roundTripMs: now() - started, timeoutMs: PROBE_TIMEOUT_MS };
  } catch (error) {
    if (error instanceof HttpSourceError && error.status !== undefined && error.status < 500) {
      return { endpoint: target.name, roundTripMs: now() - started, timeoutMs: PROBE_TIMEOUT_MS };
    }
    return { endpoint: target.name, roundTripMs: null, timeoutMs: PROBE_TIMEOUT_MS, error: reasonOf(error) };
  }
}
