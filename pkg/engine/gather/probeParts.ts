/**
 * The parts measured at query time: the node probes (node health), the endpoint probes (network
 * latency) and a synthetic RFQ sent to the RFQ probe (quote response time "now"). gather.ts reads them
 * only when the range ends now (time/rangeEndsNow.ts): a measurement of now is no value for the past.
 */
import type { PmmSettings } from '../../../src/core/settings/types';
import type { EndpointProbe, NodeProbe, RfqProbeReading } from '../model';
import { coingeckoKeyHeader, hedgeAccountUrl, hedgeKeyHeaders, probeRfq } from '../sources/offchain';
import { PROBE_TIMEOUT_MS, probeEndpoint, probeNode, type EndpointTarget } from '../sources/probes';
import type { GatherContext } from './context';
import { nodeUrl } from './sourcesConfig';

function endpointTargets(ctx: GatherContext): EndpointTarget[] {
  const { endpoints, venues } = ctx.settings;
  const targets: EndpointTarget[] = [];
  if (endpoints.quoteLogUrl) {
    // An empty page: the cheapest answer the quote log gives.
    const now = Date.now();
    const url = new URL(endpoints.quoteLogUrl);
    url.searchParams.set('from', String(now));
    url.searchParams.set('to', String(now));
    url.searchParams.set('limit', '1');
    targets.push({ name: 'quote-log', url: url.toString() });
  }
  if (venues.hedge) {
    targets.push({
      name: 'hedge-venue',
      url: hedgeAccountUrl(venues.hedge.url),
      headers: hedgeKeyHeaders(ctx.secrets.hedgeKey),
    });
  }
  if (endpoints.coingeckoUrl) {
    const key = ctx.secrets.coingeckoKey;
    targets.push({
      name: 'coingecko',
      url: `${endpoints.coingeckoUrl.replace(/\/+$/, '')}/api/v3/ping`,
      headers: key ? { [coingeckoKeyHeader(endpoints.coingeckoUrl)]: key } : undefined,
    });
  }
  if (endpoints.duneUrl) {
    // Its base URL without the key: any answer below 500 proves it up, and costs no Dune credits.
    targets.push({ name: 'dune', url: endpoints.duneUrl });
  }
  if (endpoints.rfqProbeUrl) {
    // A GET, not an RFQ: the round trip of the network, not of the quoting engine (that is quote response time).
    targets.push({ name: 'rfq-probe', url: endpoints.rfqProbeUrl });
  }
  return targets;
}

/** A pair the market maker quotes: the first volatile asset against the first stable one. */
export function probePair(settings: PmmSettings): string | undefined {
  const base = settings.assets.find((asset) => !asset.stable);
  const quote = settings.assets.find((asset) => asset.stable);
  return base && quote ? `${base.symbol}/${quote.symbol}` : undefined;
}

export async function readProbes(ctx: GatherContext): Promise<{ nodes: NodeProbe[]; endpoints: EndpointProbe[] }> {
  const deps = { fetch: ctx.http.fetch };
  const [nodes, others] = await Promise.all([
    Promise.all(
      ctx.settings.nodes.map((node) => probeNode({ name: node.name, url: nodeUrl(node, ctx.secrets) }, deps))
    ),
    Promise.all(endpointTargets(ctx).map((target) => probeEndpoint(target, deps))),
  ]);
  const nodeLatencies: EndpointProbe[] = nodes.map((n) => ({
    endpoint: `rpc:${n.node}`,
    roundTripMs: n.roundTripMs,
    timeoutMs: PROBE_TIMEOUT_MS,
    ...(n.error ? { error: n.error } : {}),
  }));
  return { nodes, endpoints: [...nodeLatencies, ...others] };
}

/**
 * One synthetic RFQ (buy 1 base unit of the probe pair) sent to the RFQ probe and timed; null when no
 * RFQ probe is configured or there is no volatile/stable pair to ask for.
 */
export async function readRfqProbe(ctx: GatherContext): Promise<RfqProbeReading | null> {
  const url = ctx.settings.endpoints.rfqProbeUrl;
  const pair = probePair(ctx.settings);
  if (!url || !pair) {
    return null;
  }
  const answer = await probeRfq(
    { url, pair, side: 'buy', baseAmount: 1, timeoutMs: PROBE_TIMEOUT_MS },
    { fetch: ctx.http.fetch }
  );
  return answer.ok
    ? { roundTripMs: answer.roundTripMs, timeoutMs: PROBE_TIMEOUT_MS }
    : { roundTripMs: null, timeoutMs: PROBE_TIMEOUT_MS, error: answer.error };
}
