/**
 * The one error type of the product: every failure names where it happened (`source`), what went
 * wrong (`problem`), what the user can do about it (`fix`), whose fault it is (`fault`) and keeps the
 * underlying error as `cause`, so a KPI, a query or a health check can report it without a stack trace
 * and without losing it, and without reading its message back.
 */
import type { SourceId } from './catalogue/types';

/**
 * Whose failure it is, decided where the error is made (as grafana-plugin-sdk-go's errorsource does):
 * `downstream` a source outside the plugin failed (a node, an API, a contract that answers wrongly);
 * `user` the query or the settings are wrong and only the user can correct them; `plugin` our own.
 */
export type Fault = 'downstream' | 'user' | 'plugin';

/**
 * Every source an error can name, with its usual fault: the catalogue's sources (they read the world
 * outside the plugin), then the product's own steps. One table, so a new source gets a fault once.
 */
const FAULT_OF_SOURCE = {
  rpc: 'downstream',
  chainlink: 'downstream',
  'aave-v3': 'downstream',
  'compound-v3': 'downstream',
  '1inch': 'downstream',
  erc20: 'downstream',
  'quote-log': 'downstream',
  'rfq-probe': 'downstream',
  'hedge-venue': 'downstream',
  coingecko: 'downstream',
  dune: 'downstream',
  // The block-time search only fails on what the node says; a query that outlives its deadline waits
  // on a slow source (the SDK, too, counts a deadline as downstream).
  blockAtTime: 'downstream',
  timeout: 'downstream',
  // A query its caller gave up on (Grafana cancelled the request): no one's failure, and no one waits
  // for its answer; the SDK counts a cancelled context as downstream too.
  cancelled: 'downstream',
  query: 'user',
  settings: 'user',
  'band overrides': 'user',
  // `pmm-monitor alerts`: what the user asked rules for (a data source uid, a Grafana URL, a folder).
  'alert rules': 'user',
  samplePoints: 'user',
  engine: 'plugin',
  blockCache: 'plugin',
  // The demo world and its ledger never answer a Grafana query; a failure there is ours.
  'demo world': 'plugin',
  'demo endpoints': 'plugin',
  'demo-aave': 'plugin',
  'demo-comet': 'plugin',
  'demo-feeds': 'plugin',
  'demo-flashloan': 'plugin',
  'demo-tokens': 'plugin',
  'expected KPIs': 'plugin',
  '1inch-lop': 'plugin',
  anvil: 'plugin',
  deploy: 'plugin',
  multicall3: 'plugin',
  solc: 'plugin',
} as const satisfies Record<SourceId, Fault> & Record<string, Fault>;

/** A source without its detail: the catalogue's source ids and the product's own. */
export type PmmSourceId = keyof typeof FAULT_OF_SOURCE;

/** What an error names as its source: an id, or the RPC source with the node(s) it asked ("rpc:alchemy"). */
export type PmmSource = PmmSourceId | `rpc:${string}`;

/**
 * A failure that a caller reacts to (rather than only shows) has a kind, so the reaction does not
 * depend on the wording. `before-first-block`: a time before the chain's first block was asked for;
 * `cancelled`: the query's caller cancelled it (pkg/engine/concurrency/cancel.ts).
 */
export type PmmErrorKind = 'before-first-block' | 'cancelled';

export interface PmmErrorOptions {
  fix?: string;
  cause?: unknown;
  /** Overrides the source's usual fault (FAULT_OF_SOURCE), e.g. a settings mistake found by a source. */
  fault?: Fault;
  kind?: PmmErrorKind;
}

/** The id part of a source: "rpc:alchemy" → "rpc". */
export function sourceIdOf(source: PmmSource): PmmSourceId {
  return source.startsWith('rpc:') ? 'rpc' : (source as PmmSourceId);
}

export function faultOfSource(source: PmmSource): Fault {
  return FAULT_OF_SOURCE[sourceIdOf(source)];
}

export class PmmError extends Error {
  readonly source: PmmSource;
  /** The source's id without its detail ("rpc" for "rpc:alchemy"). */
  readonly sourceId: PmmSourceId;
  /** What went wrong, without the source and the fix (`message` holds all three, for logs and users). */
  readonly problem: string;
  readonly fix?: string;
  readonly fault: Fault;
  readonly kind?: PmmErrorKind;

  constructor(source: PmmSource, problem: string, options: PmmErrorOptions = {}) {
    super(options.fix ? `${source}: ${problem} (${options.fix})` : `${source}: ${problem}`, { cause: options.cause });
    this.name = 'PmmError';
    this.source = source;
    this.sourceId = sourceIdOf(source);
    this.problem = problem;
    this.fix = options.fix;
    this.fault = options.fault ?? FAULT_OF_SOURCE[this.sourceId];
    this.kind = options.kind;
  }
}
