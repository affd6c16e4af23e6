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
  roundTripMs: number | null;
  error?: string;
}

/** An off-chain endpoint, named by its source (quote-log, hedge-venue, coingecko). */
export interface EndpointTarget extends ProbeTarget {
  name: PmmSourceId;
}

const PROBE_TIMEOUT_MS = 5_000;

export async function probeEndpoint(target: EndpointTarget, deps: ProbeDependencies = {}): Promise<EndpointProbe> {
  const now = deps.now ?? performance.now.bind(performance);
  const started = now();
  try {
    await fetchJson(
      { source: target.name, url: target.url, headers: target.headers, timeoutMs: PROBE_TIMEOUT_MS, retries: 0 },
      { fetch: deps.fetch }
    );
    return { endpoint: target.name, roundTripMs: now() - started };
  } catch (error) {
    if (error instanceof HttpSourceError && error.status !== undefined && error.status < 500) {
      return { endpoint: target.name, roundTripMs: now() - started };
    }
    return { endpoint: target.name, roundTripMs: null, error: reasonOf(error) };
  }
}
