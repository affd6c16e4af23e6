/**
 * Failover over the configured nodes, in the user's order, that remembers which nodes just failed.
 * viem's `fallback` starts every call at the first node: with that node silent, each of a query's
 * hundreds of sequential calls would wait out its timeout before trying the next one. Here a node
 * that failed (no answer, HTTP error, broken body) is skipped for `cooldownMs`, so one timeout is
 * paid per outage rather than per call, and it gets its place back once the cool-down ends. While
 * every node is cooling down, calls fail at once with the last node's error: a query over dead nodes
 * ends in one timeout instead of one per call. A node that answered with a JSON-RPC error is not
 * down: the call moves on without demoting it, and an execution revert is the contract's answer, so
 * it is thrown at once.
 */
import {
  BaseError,
  createTransport,
  HttpRequestError,
  shouldThrow,
  TimeoutError,
  type EIP1193RequestFn,
  type Transport,
} from 'viem';

export interface FailoverOptions {
  /** How long a failed node is skipped. Default 15,000. */
  cooldownMs?: number;
  now?: () => number;
}

const DEFAULT_COOLDOWN_MS = 15_000;

/** Errors thrown after every node was tried, so error messages can say so whichever node came last. */
const exhausted = new WeakSet<object>();

export function triedEveryNode(error: unknown): boolean {
  let link: unknown = error;
  for (let depth = 0; depth < 10 && typeof link === 'object' && link !== null; depth++) {
    if (exhausted.has(link)) {
      return true;
    }
    link = 'cause' in link ? link.cause : undefined;
  }
  return false;
}

/** The node did not answer as a node: nothing came back, an HTTP error came back, or a timeout. */
function isNodeDown(error: unknown): boolean {
  if (error instanceof BaseError) {
    return Boolean(error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError));
  }
  return true;
}

export function failover(transports: readonly Transport[], options: FailoverOptions = {}): Transport {
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const now = options.now ?? Date.now;
  // Shared by every client the transport makes: the outage belongs to the node, not to one call.
  const demotedUntil = new Map<number, number>();
  /** Each demoted node's last error: what a call is told while every node cools down. */
  const lastErrors = new Map<number, unknown>();

  /** The nodes not cooling down, in the configured order. */
  const available = (): number[] => {
    const at = now();
    return transports.map((_, i) => i).filter((i) => (demotedUntil.get(i) ?? 0) <= at);
  };

  /** Marks an error as the end of a pass over every node (meaningful only with more than one). */
  const exhaust = (error: unknown): unknown => {
    if (typeof error === 'object' && error !== null && transports.length > 1) {
      exhausted.add(error);
    }
    return error;
  };

  /** The error of the node whose cool-down ends first: the most recent word on the outage. */
  const coolingError = (): unknown => {
    const [first] = [...demotedUntil.entries()].sort(([, a], [, b]) => a - b);
    return exhaust(first === undefined ? new Error('no RPC node is configured') : lastErrors.get(first[0]));
  };

  return ({ chain, timeout, ...rest }) => {
    const nodes = transports.map((transport) => transport({ ...rest, chain, retryCount: 0, timeout }));
    const call = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      const order = available();
      if (order.length === 0) {
        throw coolingError();
      }
      let lastError: unknown;
      for (const i of order) {
        try {
          const result: unknown = await nodes[i].request({ method, params });
          demotedUntil.delete(i);
          return result;
        } catch (error) {
          if (error instanceof Error && shouldThrow(error)) {
            throw error;
          }
          if (isNodeDown(error)) {
            demotedUntil.set(i, now() + cooldownMs);
            lastErrors.set(i, error);
          }
          lastError = error;
        }
      }
      throw exhaust(lastError);
    };
    // viem types request per method; one loop serves every method, so it is typed at the boundary.
    const request = call as unknown as EIP1193RequestFn;
    return createTransport(
      {
        key: 'failover',
        name: 'Failover',
        type: 'fallback',
        // Each node retries its own transient failures; retrying the whole chain would multiply them.
        retryCount: 0,
        timeout,
        request,
      },
      { transports: nodes }
    );
  };
}
