/**
 * A provider-shaped JSON-RPC endpoint on 127.0.0.1, in front of anvil (tests and bench only): every
 * HTTP request waits `latencyMs` (a provider's round trip), a batch over the provider's limit is
 * refused, each request is charged its methods' compute units against a token bucket and answered
 * HTTP 429 when the bucket cannot pay (alchemy.ts, throughput.ts), and the world behind is presented
 * at mainnet density with other makers' fills (presentedChain.ts, answer.ts). The HTTP layer only
 * reads, charges, counts and writes; every answer is made by answerEntry.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

import { ALCHEMY_LIMITS, computeUnitsOf, THROUGHPUT_REFUSAL, type ProviderLimits } from './alchemy';
import { answerEntry, type RpcEntry, type RpcReply, type Upstream } from './answer';
import { presentedHead } from './density';
import { ORDER_FILLED_TOPIC, otherFillBlocks, otherFillsEvery, type OtherFillsPlan } from './otherFills';
import { addWorldHeaders, createPresentedChain, type PresentedChain, type WorldHeader } from './presentedChain';
import { createBucket, take } from './throughput';

export interface OtherFillsOptions {
  /** The 1inch Limit Order Protocol contract whose fills are ours. */
  contract: string;
  makerToken: string;
  takerToken: string;
  /** Other makers' fills per fill of ours, over the presented chain. */
  timesOurs: number;
  /** Default 7. */
  makers?: number;
}

export interface ProviderProxyOptions {
  /** anvil's JSON-RPC URL. */
  target: string;
  limits?: ProviderLimits;
  /** Added to every HTTP request. Default 80. */
  latencyMs?: number;
  /** Presented seconds per block. Default 12 (mainnet). */
  secondsPerBlock?: number;
  otherFills?: OtherFillsOptions;
  /** The throughput bucket's clock. Default Date.now. */
  now?: () => number;
}

export interface ProviderStats {
  /** HTTP requests received (a batch is one). */
  requests: number;
  /** JSON-RPC entries answered (batch entries counted one by one). */
  entries: number;
  /** Compute units charged for what was answered. */
  computeUnits: number;
  /** HTTP requests answered 429, and the units they asked for (not charged). */
  throttled: number;
  throttledUnits: number;
  /** Batches refused for their size. */
  batchesRefused: number;
  /** eth_getLogs refused for their size (charged: the provider did the work). */
  logsRefused: number;
  /** Logs of other makers' fills answered (each one paid for in bytes and in work). */
  otherMakersLogs: number;
  /** Methods of the answered entries, in order. */
  methods: string[];
}

export interface ProviderProxy {
  url: string;
  chain: PresentedChain;
  /** Our fills (the contract's OrderFilled in the world) and other makers' made up over the presented chain. */
  fills: { ours: number; others: number };
  stats(): ProviderStats;
  /** Counters back to zero (the bucket keeps its level: the provider does not forget). */
  reset(): void;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** World headers read from anvil per batch while the proxy learns the world. */
const HEADER_BATCH = 100;
/** Entries per batch sent to anvil. */
const ANVIL_BATCH = 50;
/** How long the world's head, once read, is taken as current (a live world mines a block a minute at most). */
const HEAD_FRESH_MS = 1_000;

const emptyStats = (): ProviderStats => ({
  requests: 0,
  entries: 0,
  computeUnits: 0,
  throttled: 0,
  throttledUnits: 0,
  batchesRefused: 0,
  logsRefused: 0,
  otherMakersLogs: 0,
  methods: [],
});

export async function startProviderProxy(options: ProviderProxyOptions): Promise<ProviderProxy> {
  const limits = options.limits ?? ALCHEMY_LIMITS;
  const latencyMs = options.latencyMs ?? 80;
  const now = options.now ?? Date.now;
  const upstream = anvilUpstream(options.target);
  const chain = createPresentedChain(limits, options.secondsPerBlock);
  await learnWorld(chain, options.target);
  const fills = { ours: 0, others: 0 };
  if (options.otherFills) {
    fills.ours = await countOurFills(options.otherFills.contract, upstream);
    chain.fills = planOtherFills(chain, options.otherFills, fills.ours);
    fills.others = chain.fills ? otherFillBlocks(chain.fills, chain.map, 0, presentedHead(chain.map)).length : 0;
  }
  const bucket = createBucket(limits.unitsPerSecond, limits.windowSeconds, now());
  let stats = emptyStats();
  let learning: Promise<void> | undefined;
  let learntAt = Date.now();
  /** New world blocks (a live world mines them) are learnt before a request is answered. */
  const catchUp = async () => {
    if (Date.now() - learntAt < HEAD_FRESH_MS) {
      return;
    }
    learning ??= learnWorld(chain, options.target).finally(() => {
      learntAt = Date.now();
      learning = undefined;
    });
    await learning;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await buffer(request);
    stats.requests++;
    await sleep(latencyMs);
    const parsed = parseEntries(raw);
    if (!parsed) {
      reply(response, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const { entries, batch } = parsed;
    if (batch && entries.length > limits.maxBatch) {
      stats.batchesRefused++;
      reply(response, 400, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: `batch of ${entries.length} requests is over the limit of ${limits.maxBatch}` },
      });
      return;
    }
    const units = entries.reduce((sum, entry) => sum + computeUnitsOf(entry.method), 0);
    if (!take(bucket, units, now())) {
      stats.throttled++;
      stats.throttledUnits += units;
      reply(response, 429, { jsonrpc: '2.0', id: batch ? null : (entries[0].id ?? null), error: THROUGHPUT_REFUSAL });
      return;
    }
    const counted = stats;
    counted.computeUnits += units;
    counted.entries += entries.length;
    counted.methods.push(...entries.map((entry) => entry.method));
    await catchUp();
    const answers = await Promise.all(
      entries.map(async (entry) => {
        const answer = await answerEntry(chain, entry, upstream).catch((error: unknown): RpcReply => ({
          error: { code: -32603, message: `provider proxy: ${error instanceof Error ? error.message : String(error)}` },
        }));
        if ('refused' in answer) {
          counted.logsRefused++;
        }
        if ('otherMakersLogs' in answer) {
          counted.otherMakersLogs += answer.otherMakersLogs ?? 0;
        }
        return 'error' in answer
          ? { jsonrpc: '2.0', id: entry.id ?? null, error: answer.error }
          : { jsonrpc: '2.0', id: entry.id ?? null, result: answer.result };
      })
    );
    reply(response, 200, batch ? answers : answers[0]);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/plain' });
      }
      response.end(`provider proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    chain,
    fills,
    stats: () => ({ ...stats, methods: [...stats.methods] }),
    reset() {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * anvil, asked in batches: what the entries of one request send upstream in the same turn of the
 * event loop goes as one JSON-RPC batch (of at most ANVIL_BATCH: anvil refuses bodies over ~2 MB),
 * so a request of 50 entries costs anvil one HTTP request, not 50.
 */
function anvilUpstream(target: string): Upstream {
  let waiting: Array<{
    method: string;
    params: unknown[];
    settle: (reply: RpcReply) => void;
    fail: (e: unknown) => void;
  }> = [];
  const flush = () => {
    const sending = waiting;
    waiting = [];
    for (let start = 0; start < sending.length; start += ANVIL_BATCH) {
      const chunk = sending.slice(start, start + ANVIL_BATCH);
      fetch(target, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify(chunk.map(({ method, params }, id) => ({ jsonrpc: '2.0', id, method, params }))),
      })
        .then(async (response) => {
          const answers = (await response.json()) as Array<{
            id: number;
            result?: unknown;
            error?: { code: number; message: string };
          }>;
          const byId = new Map(answers.map((answer) => [answer.id, answer]));
          chunk.forEach((request, id) => {
            const answer = byId.get(id);
            request.settle(
              answer?.error
                ? { error: answer.error }
                : answer
                  ? { result: answer.result ?? null }
                  : { error: { code: -32603, message: 'anvil left this request out of its batch answer' } }
            );
          });
        })
        .catch((error: unknown) => chunk.forEach((request) => request.fail(error)));
    }
  };
  return (method, params) =>
    new Promise<RpcReply>((settle, fail) => {
      if (waiting.length === 0) {
        setImmediate(flush);
      }
      waiting.push({ method, params, settle, fail });
    });
}

async function rpcBatch(target: string, entries: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> {
  const response = await fetch(target, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(entries.map((entry, id) => ({ jsonrpc: '2.0', id, ...entry }))),
  });
  const answers = (await response.json()) as Array<{ id: number; result?: unknown; error?: { message: string } }>;
  return [...answers]
    .sort((a, b) => a.id - b.id)
    .map((answer) => {
      if (answer.error) {
        throw new Error(`anvil: ${answer.error.message}`);
      }
      return answer.result;
    });
}

/** Reads the world blocks the proxy does not know yet (all of them, the first time). */
async function learnWorld(chain: PresentedChain, target: string): Promise<void> {
  const [headHex] = await rpcBatch(target, [{ method: 'eth_blockNumber', params: [] }]);
  const head = Number(BigInt(headHex as string));
  for (let from = chain.headers.length; from <= head; from += HEADER_BATCH) {
    const numbers = Array.from({ length: Math.min(HEADER_BATCH, head - from + 1) }, (_, i) => from + i);
    const headers = await rpcBatch(
      target,
      numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] }))
    );
    addWorldHeaders(chain, headers as WorldHeader[]);
  }
}

/** Our fills: the contract's OrderFilled logs in the world. */
async function countOurFills(contract: string, upstream: Upstream): Promise<number> {
  const ours = await upstream('eth_getLogs', [
    { address: contract, topics: [ORDER_FILLED_TOPIC], fromBlock: '0x0', toBlock: 'latest' },
  ]);
  return 'result' in ours && Array.isArray(ours.result) ? ours.result.length : 0;
}

/** Other makers' fills, `timesOurs` times ours over the presented chain. */
function planOtherFills(chain: PresentedChain, fills: OtherFillsOptions, ours: number): OtherFillsPlan | undefined {
  const every = otherFillsEvery(presentedHead(chain.map) + 1, ours, fills.timesOurs);
  return every === undefined
    ? undefined
    : {
        contract: fills.contract.toLowerCase(),
        makerToken: fills.makerToken.toLowerCase(),
        takerToken: fills.takerToken.toLowerCase(),
        every,
        makers: fills.makers ?? 7,
      };
}

function parseEntries(raw: Buffer): { entries: RpcEntry[]; batch: boolean } | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    const isEntry = (v: unknown): v is RpcEntry =>
      typeof v === 'object' && v !== null && typeof (v as { method?: unknown }).method === 'string';
    if (Array.isArray(value)) {
      return value.length > 0 && value.every(isEntry) ? { entries: value, batch: true } : undefined;
    }
    return isEntry(value) ? { entries: [value], batch: false } : undefined;
  } catch {
    return undefined;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, JSON_HEADERS).end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
