/** Node and endpoint probes for the KPIs measured at query time (node health, network latency). */
import type { EndpointProbe, NodeProbe } from '../model';
import { coingeckoKeyHeader, hedgeAccountUrl, hedgeKeyHeaders } from '../sources/offchain';
import { probeEndpoint, probeNode, type EndpointTarget } from '../sources/probes';
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
  return targets;
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
    ...(n.error ? { error: n.error } : {}),
  }));
  return { nodes, endpoints: [...nodeLatencies, ...others] };
}
