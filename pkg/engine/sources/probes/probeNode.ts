/** A node's head, sync state and round trip as the node-health KPI scores them, measured at query time. */
import { askNode, type ProbeDependencies, type ProbeTarget } from './askNode';
import { PROBE_TIMEOUT_MS } from './probeEndpoint';
import { reasonOf } from './reasonOf';

export interface NodeProbe {
  node: string;
  head: bigint | null;
  syncing: boolean;
  roundTripMs: number | null;
  error?: string;
}

export async function probeNode(node: ProbeTarget, deps: ProbeDependencies = {}): Promise<NodeProbe> {
  try {
    const { replies, roundTripMs } = await askNode(
      node,
      { methods: ['eth_blockNumber', 'eth_syncing'], timeoutMs: PROBE_TIMEOUT_MS },
      deps
    );
    const head = replies.get('eth_blockNumber')?.result;
    const syncing = replies.get('eth_syncing')?.result;
    if (typeof head !== 'string') {
      return { node: node.name, head: null, syncing: false, roundTripMs: null, error: 'no block number in the answer' };
    }
    return { node: node.name, head: BigInt(head), syncing: syncing !== false && syncing !== undefined, roundTripMs };
  } catch (error) {
    return { node: node.name, head: null, syncing: false, roundTripMs: null, error: reasonOf(error) };
  }
}
