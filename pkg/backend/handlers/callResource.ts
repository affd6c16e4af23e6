/**
 * CallResource: what the query and config editors look up through the backend (so nodes and keys
 * stay on the server). GET catalogue, kpis (?area=), assets, wallets, venues, nodes (names only);
 * POST validate-address (checksum and contract code), validate-feed (latestRoundData) and token
 * (decimals and symbol read from chain). JSON in and out: 200 with the answer, 400 for a bad request
 * or an address that fails, 404 for an unknown path, 405 for a wrong method, 502 when the node could
 * not be asked.
 */
import { getAddress, type Address } from 'viem';
import { getBlockNumber, getCode } from 'viem/actions';

import { AREAS, KPIS, PLANS, type Area } from '../../../src/core/catalogue';
import type { PmmSettings } from '../../../src/core/settings/types';
import { addressProblem } from '../../../src/core/settings/validate';
import { getFeedPrices, getTokenInfo, withRpcErrors } from '../../engine';
import type { CallResourceRequest, CallResourceResponse } from '../wire/backend';
import type { Logger } from '../wire/log';
import { messageOf, statusOf } from './errors';
import type { DataSourceInstance, InstanceManager } from './instances';

export interface CallResourceDependencies {
  instances: InstanceManager;
  log: Logger;
}

const JSON_HEADERS = { 'content-type': ['application/json'] };

function reply(code: number, body: unknown): CallResourceResponse {
  return { code, headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(body)) };
}

/** The venues as the editors list them (names and addresses; the hedge venue's URL stays here). */
export function venuesOf(settings: PmmSettings) {
  const { aave, comets = [], limitOrderProtocol, hedge } = settings.venues;
  return [
    ...(aave ? [{ kind: 'aave-v3', name: 'aave', address: aave.pool }] : []),
    ...comets.map((comet) => ({ kind: 'compound-v3', name: comet.name, address: comet.market })),
    ...(limitOrderProtocol ? [{ kind: '1inch', name: '1inch Limit Order Protocol', address: limitOrderProtocol }] : []),
    ...(hedge ? [{ kind: 'hedge-venue', name: hedge.name }] : []),
  ];
}

function addressOf(body: Buffer): { address?: Address; problem?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { problem: 'the body is not JSON: send {"address": "0x…"}' };
  }
  const address = (parsed as { address?: unknown } | null)?.address;
  if (typeof address !== 'string') {
    return { problem: 'send {"address": "0x…"}' };
  }
  const problem = addressProblem(address);
  return problem ? { problem } : { address: getAddress(address) };
}

async function validateAddress(instance: DataSourceInstance, body: Buffer): Promise<CallResourceResponse> {
  const { address, problem } = addressOf(body);
  if (!address) {
    return reply(400, { valid: false, error: problem });
  }
  const { client } = instance.engine;
  const code = await withRpcErrors(client, `eth_getCode of ${address}`, () => getCode(client, { address }));
  const bytes = code && code !== '0x' ? (code.length - 2) / 2 : 0;
  return reply(200, { valid: true, address, contract: bytes > 0, codeBytes: bytes });
}

async function validateFeed(instance: DataSourceInstance, body: Buffer): Promise<CallResourceResponse> {
  const { address, problem } = addressOf(body);
  if (!address) {
    return reply(400, { valid: false, error: problem });
  }
  const { client } = instance.engine;
  const blockNumber = await withRpcErrors(client, 'eth_blockNumber', () => getBlockNumber(client, { cacheTime: 0 }));
  const [entry] = await getFeedPrices(client, { feeds: [address], blockNumber });
  if (entry.status === 'failure') {
    return reply(400, { valid: false, address, error: entry.error.message });
  }
  return reply(200, {
    valid: true,
    address,
    price: entry.price,
    decimals: entry.decimals,
    description: entry.description ?? null,
    roundId: entry.roundId.toString(),
    updatedAt: entry.updatedAt,
    ageSec: entry.ageSec,
    blockNumber: blockNumber.toString(),
  });
}

/** Decimals and symbol of a token as the chain answers them, so the config editor shows what the engine will read. */
async function tokenInfo(instance: DataSourceInstance, body: Buffer): Promise<CallResourceResponse> {
  const { address, problem } = addressOf(body);
  if (!address) {
    return reply(400, { valid: false, error: problem });
  }
  const [entry] = await getTokenInfo(instance.engine.client, { tokens: [address] });
  if (entry.status === 'failure') {
    return reply(400, { valid: false, address, error: entry.error.message });
  }
  return reply(200, { valid: true, address, symbol: entry.symbol, decimals: entry.decimals });
}

/** The nodes by name and role only: their URLs may carry a key and never leave the backend. */
export function nodesOf(settings: PmmSettings) {
  return settings.nodes.map((node) => ({ name: node.name, reference: Boolean(node.reference) }));
}

/** The catalogue's KPIs, of one area when `?area=` names one (the query editor's KPI picker). */
function kpisOf(url: string): CallResourceResponse {
  const area = new URLSearchParams(url.split('?')[1] ?? '').get('area');
  if (area && !AREAS.includes(area as Area)) {
    return reply(400, { error: `area "${area}" is not one of ${AREAS.join(', ')}` });
  }
  return reply(200, { kpis: KPIS.filter((kpi) => !area || kpi.area === area) });
}

type Route = (instance: () => DataSourceInstance, body: Buffer, url: string) => Promise<CallResourceResponse>;

const ROUTES: Record<string, Partial<Record<'GET' | 'POST', Route>>> = {
  catalogue: { GET: async () => reply(200, { kpis: KPIS, plans: PLANS }) },
  kpis: { GET: async (_instance, _body, url) => kpisOf(url) },
  nodes: { GET: async (instance) => reply(200, { nodes: nodesOf(instance().settings) }) },
  token: { POST: (instance, body) => tokenInfo(instance(), body) },
  assets: { GET: async (instance) => reply(200, { assets: instance().settings.assets }) },
  wallets: { GET: async (instance) => reply(200, { wallets: instance().settings.wallets }) },
  venues: { GET: async (instance) => reply(200, { venues: venuesOf(instance().settings) }) },
  'validate-address': { POST: (instance, body) => validateAddress(instance(), body) },
  'validate-feed': { POST: (instance, body) => validateFeed(instance(), body) },
};

export async function callResource(
  request: CallResourceRequest,
  { instances, log }: CallResourceDependencies
): Promise<CallResourceResponse> {
  const route = ROUTES[request.path];
  if (!route) {
    return reply(404, { error: `no resource "${request.path}"`, resources: Object.keys(ROUTES) });
  }
  const handler = route[request.method as 'GET' | 'POST'];
  if (!handler) {
    return reply(405, { error: `${request.path} answers ${Object.keys(route).join(', ')} only` });
  }
  try {
    return await handler(() => instances.get(request.pluginContext), request.body, request.url);
  } catch (error) {
    log.warn('resource call failed', { path: request.path, error: messageOf(error) });
    return reply(statusOf(error), { error: messageOf(error) });
  }
}
