/**
 * Turns a viem error into the product's PmmError naming the node that failed. viem prints the node's
 * URL in messages, in a `url` field and beside the request body; URLs may carry API keys, so the
 * wrapped error keeps the node's name, the node's own words and the error code, scrubbed, and
 * deliberately drops the viem error itself as `cause`.
 */
import { PmmError, type PmmSource } from '../../../../src/core/errors';
import { triedEveryNode } from './failover';
import { rpcNodesOf, type RpcNodeConfig } from './rpcClient';

export class RpcNodeError extends PmmError {
  /** Undefined when the error does not tell which node answered (e.g. a reply that is well-formed but empty). */
  readonly node: string | undefined;
  /** The JSON-RPC error code, when the node sent one. */
  readonly code: number | undefined;
  /** What the node said, with URLs replaced by node names. */
  readonly details: string | undefined;

  constructor(
    source: PmmSource,
    message: string,
    options: { fix?: string; node?: string; code?: number; details?: string } = {}
  ) {
    super(source, message, { fix: options.fix });
    this.name = 'RpcNodeError';
    this.node = options.node;
    this.code = options.code;
    this.details = options.details;
  }
}

/** `action` says what was asked, e.g. "eth_getLogs 100–200"; it becomes the start of the message. */
export function toRpcError(client: object, error: unknown, action: string): PmmError {
  if (error instanceof PmmError) {
    return error;
  }
  const nodes = rpcNodesOf(client);
  const node = nodeOf(error, nodes);
  const scrub = (text: string) => scrubUrls(text, nodes);
  const short = scrub(field(error, 'shortMessage') ?? (error instanceof Error ? error.message : String(error)));
  const details = deepestDetails(error);
  const scrubbedDetails = details === undefined ? undefined : scrub(details);
  const code = codeOf(error);
  const said = scrubbedDetails && !short.includes(scrubbedDetails) ? `${short} (${scrubbedDetails})` : short;
  const where =
    node && nodes.length > 1 && triedEveryNode(error)
      ? `every node failed (${nodes.map((n) => n.name).join(', ')}); the last, ${node.name}, said`
      : 'failed';
  return new RpcNodeError(sourceOf(node, nodes), `${action} ${where}: ${said}`, {
    node: node?.name,
    code,
    details: scrubbedDetails,
    fix: node
      ? `check that node "${node.name}" is up and that its URL and API key in the data source settings are right`
      : 'check the RPC nodes in the data source settings',
  });
}

/** Runs one RPC action and reports its failure as a PmmError naming the node. */
export async function withRpcErrors<T>(client: object, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toRpcError(client, error, action);
  }
}

export function rpcSource(client: object): PmmSource {
  return sourceOf(undefined, rpcNodesOf(client));
}

function sourceOf(node: RpcNodeConfig | undefined, nodes: readonly RpcNodeConfig[]): PmmSource {
  if (node) {
    return `rpc:${node.name}`;
  }
  return nodes.length > 0 ? `rpc:${nodes.map((n) => n.name).join(',')}` : 'rpc';
}

/** The node whose URL appears in the error's cause chain (HttpRequestError, RpcRequestError, TimeoutError). */
function nodeOf(error: unknown, nodes: readonly RpcNodeConfig[]): RpcNodeConfig | undefined {
  for (const link of causeChain(error)) {
    const url = field(link, 'url');
    if (url !== undefined) {
      const node = nodes.find((n) => n.url === url || safeHref(n.url) === url);
      if (node) {
        return node;
      }
    }
  }
  return undefined;
}

function deepestDetails(error: unknown): string | undefined {
  let details: string | undefined;
  for (const link of causeChain(error)) {
    details = field(link, 'details') ?? details;
  }
  return details;
}

function codeOf(error: unknown): number | undefined {
  for (const link of causeChain(error)) {
    if (typeof link === 'object' && link !== null && 'code' in link && typeof link.code === 'number') {
      return link.code;
    }
  }
  return undefined;
}

function* causeChain(error: unknown): Generator<unknown> {
  let link: unknown = error;
  // Bounded: a cause cycle must not hang error reporting.
  for (let depth = 0; depth < 10 && link !== undefined && link !== null; depth++) {
    yield link;
    link = typeof link === 'object' && 'cause' in link ? link.cause : undefined;
  }
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value === 'object' && value !== null && key in value) {
    const found: unknown = (value as Record<string, unknown>)[key];
    return typeof found === 'string' ? found : undefined;
  }
  return undefined;
}

/** Replaces every form of each node URL (as given, normalised, and its path, where keys usually sit). */
export function scrubUrls(text: string, nodes: readonly RpcNodeConfig[]): string {
  let scrubbed = text;
  for (const node of nodes) {
    const forms = [
      node.url,
      safeHref(node.url),
      withoutCredentials(node.url),
      pathOf(node.url),
      secretOf(node.url),
    ].filter((form): form is string => form !== undefined && form.length > 1);
    // Longest first, so the full URL is replaced before its path alone.
    for (const form of forms.sort((a, b) => b.length - a.length)) {
      scrubbed = scrubbed.split(form).join(`<${node.name}>`);
    }
  }
  return scrubbed;
}

function safeHref(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/** viem prints URLs with user and password removed. */
function withoutCredentials(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

function secretOf(url: string): string | undefined {
  try {
    return new URL(url).password || undefined;
  } catch {
    return undefined;
  }
}

function pathOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}
