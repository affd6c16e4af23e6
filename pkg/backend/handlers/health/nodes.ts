/**
 * Each configured JSON-RPC node on its own (never through the failover client, which would hide a dead
 * node behind the next): its chain id and head, in one batch. A failure names the node and the kind of
 * failure only: the node's URL may hold its key, so no part of it is shown.
 */
import type { PmmSettings } from '../../../../src/core/settings/types';
import { askNode, HttpSourceError, nodeUrl, type FetchJsonDependencies, type Secrets } from '../../../engine';
import { CHECK_TIMEOUT_MS, failed, ok, type HealthLine } from './types';

/** Blocks behind the highest head at which a node fails the check (node health reaches 0 at 10). */
const MAX_LAG_BLOCKS = 10;

interface NodeAnswer {
  name: string;
  chainId?: number;
  head?: bigint;
  roundTripMs?: number;
  problem?: string;
}

function describe(error: unknown): string {
  if (error instanceof HttpSourceError) {
    switch (error.reason) {
      case 'status':
        return `answered HTTP ${error.status}`;
      case 'timeout':
        return `did not answer within ${CHECK_TIMEOUT_MS / 1000} s`;
      case 'network':
        return 'could not be reached (connection failed)';
      case 'json':
      case 'shape':
        return 'did not answer JSON-RPC';
      default:
        return `failed (${error.reason})`;
    }
  }
  return 'failed';
}

async function nodeAnswer(name: string, url: string, deps: FetchJsonDependencies): Promise<NodeAnswer> {
  try {
    const { replies, roundTripMs } = await askNode(
      { name, url },
      { methods: ['eth_chainId', 'eth_blockNumber'], timeoutMs: CHECK_TIMEOUT_MS },
      { fetch: deps.fetch }
    );
    const refused = [...replies.values()].find((r) => r.error);
    if (refused) {
      const said = typeof refused.error?.message === 'string' ? refused.error.message.slice(0, 200) : 'an error';
      return { name, problem: `answered with a JSON-RPC error: ${said}` };
    }
    const chainId = replies.get('eth_chainId')?.result;
    const head = replies.get('eth_blockNumber')?.result;
    if (typeof chainId !== 'string' || typeof head !== 'string') {
      return { name, problem: 'answered without a chain id or block number' };
    }
    return { name, chainId: Number(BigInt(chainId)), head: BigInt(head), roundTripMs };
  } catch (error) {
    return { name, problem: describe(error) };
  }
}

export async function checkNodes(
  settings: PmmSettings,
  secrets: Secrets,
  deps: FetchJsonDependencies = {}
): Promise<HealthLine[]> {
  const answers = await Promise.all(settings.nodes.map((node) => nodeAnswer(node.name, nodeUrl(node, secrets), deps)));
  const heads = answers.flatMap((a) => (a.head === undefined ? [] : [a.head]));
  const highest = heads.reduce((max, head) => (head > max ? head : max), 0n);
  return answers.map((answer) => {
    const label = `node "${answer.name}"`;
    const fix = `check that node "${answer.name}" is up, and its URL and API key in the data source settings`;
    if (answer.problem !== undefined || answer.head === undefined || answer.chainId === undefined) {
      return failed('rpc', answer.name, `${label} ${answer.problem ?? 'failed'}`, fix);
    }
    if (settings.chainId !== undefined && answer.chainId !== settings.chainId) {
      return failed(
        'rpc',
        answer.name,
        `${label} serves chain ${answer.chainId}, the data source is set for chain ${settings.chainId}`,
        'point the node at the right network, or correct the chain id'
      );
    }
    const lag = highest - answer.head;
    if (lag > BigInt(MAX_LAG_BLOCKS)) {
      return failed(
        'rpc',
        answer.name,
        `${label} is ${lag} blocks behind the highest head (${highest})`,
        `wait for node "${answer.name}" to sync, or replace it`
      );
    }
    const ms = Math.round(answer.roundTripMs ?? 0);
    return ok('rpc', answer.name, `${label}: chain ${answer.chainId}, block ${answer.head}, ${ms} ms`);
  });
}
