/**
 * One JSON-RPC node asked a few cheap questions in one batch, on its own (never through the failover
 * client, which would hide a dead node behind the next), with no retry and a short deadline: what the
 * node-health KPI and the health check both measure a node by. Its URL may hold its key, so errors
 * name the node only (`rpc:<name>`).
 */
import { fetchJson } from '../http';

export interface ProbeTarget {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

export interface ProbeDependencies {
  fetch?: typeof fetch;
  /** Milliseconds, for the round trip; default performance.now. */
  now?: () => number;
}

export interface NodeReply {
  result?: unknown;
  error?: { message?: unknown };
}

export interface AskNodeParameters {
  /** The methods asked, each without parameters; their replies come back by method. */
  methods: readonly string[];
  timeoutMs: number;
}

export interface AskNodeReturnType {
  /** By method; a method the node left unanswered has none. */
  replies: Map<string, NodeReply>;
  roundTripMs: number;
}

function parseBatch(json: unknown): Array<NodeReply & { id?: unknown }> {
  if (!Array.isArray(json)) {
    throw new Error('the node did not answer the batch with an array');
  }
  return json as Array<NodeReply & { id?: unknown }>;
}

/** Throws the transport's HttpSourceError when the node does not answer the batch. */
export async function askNode(
  node: ProbeTarget,
  { methods, timeoutMs }: AskNodeParameters,
  deps: ProbeDependencies = {}
): Promise<AskNodeReturnType> {
  const now = deps.now ?? performance.now.bind(performance);
  const started = now();
  const answers = await fetchJson(
    {
      source: `rpc:${node.name}`,
      url: node.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...node.headers },
      body: JSON.stringify(methods.map((method, i) => ({ jsonrpc: '2.0', id: i + 1, method, params: [] }))),
      timeoutMs,
      deadlineMs: timeoutMs,
      retries: 0,
      parse: parseBatch,
    },
    { fetch: deps.fetch }
  );
  const roundTripMs = now() - started;
  const replies = new Map<string, NodeReply>();
  methods.forEach((method, i) => {
    const reply = answers.find((a) => a.id === i + 1);
    if (reply) {
      replies.set(method, reply);
    }
  });
  return { replies, roundTripMs };
}
