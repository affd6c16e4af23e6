/**
 * The provider the proxy plays: Alchemy on Ethereum, as its documentation states it. Everything the
 * proxy enforces is here, with where it was read, so a figure of the bench can be traced to a page.
 *
 * - Compute units per method: https://www.alchemy.com/docs/reference/compute-unit-costs ("EVM:
 *   Standard JSON-RPC Methods"; a batch costs the sum of its entries' units). For every method the
 *   engine sends, the throughput units equal the compute units (the table's second column is empty).
 * - Throughput: https://www.alchemy.com/docs/reference/throughput — a budget in CU per second,
 *   "evaluated over a 10-second rolling window using a token bucket algorithm" (a 500 CU/s account may
 *   spend 5,000 CU in any 10 s), past which the answer is HTTP 429.
 * - Batches: https://www.alchemy.com/docs/reference/batch-requests — "1000 requests per batch" over
 *   HTTP. Alchemy documents the limit, not its refusal: the proxy's refusal is its own (HTTP 400).
 * - eth_getLogs: a range of at most 2,000 blocks with any number of logs, or any range whose answer
 *   holds at most 10,000 logs (Alchemy's rule for years, quoted by its support in
 *   https://github.com/bancorprotocol/webapp/issues/523 and
 *   https://github.com/tablelandnetwork/go-tableland/pull/111). Today's page
 *   (https://www.alchemy.com/docs/chains/ethereum/ethereum-api-endpoints/eth-get-logs) lists a
 *   10-block range on the free tier and no range limit on Pay As You Go: the older rule is the one
 *   a month's reads can meet and be refused by, so it is the one played. The refusal's words are
 *   Alchemy's: code -32600, "… Based on your parameters, this block range should work: [0x…, 0x…]"
 *   (https://github.com/risc0/risc0-ethereum/pull/656, https://github.com/BobTheBuidler/dank_mids/issues/772).
 */

/** Compute units of each JSON-RPC method (the first column of Alchemy's table). */
export const ALCHEMY_COMPUTE_UNITS: Readonly<Record<string, number>> = {
  net_version: 0,
  eth_chainId: 0,
  eth_syncing: 0,
  eth_protocolVersion: 0,
  net_listening: 0,
  eth_uninstallFilter: 10,
  eth_accounts: 10,
  eth_blockNumber: 10,
  eth_subscribe: 10,
  eth_unsubscribe: 10,
  eth_feeHistory: 10,
  eth_maxPriorityFeePerGas: 10,
  eth_createAccessList: 10,
  eth_getTransactionReceipt: 20,
  eth_getUncleByBlockHashAndIndex: 20,
  eth_getUncleByBlockNumberAndIndex: 20,
  eth_getTransactionByBlockHashAndIndex: 20,
  eth_getTransactionByBlockNumberAndIndex: 20,
  eth_getUncleCountByBlockHash: 20,
  eth_getUncleCountByBlockNumber: 20,
  web3_clientVersion: 20,
  web3_sha3: 20,
  eth_getBlockByNumber: 20,
  eth_getStorageAt: 20,
  eth_getTransactionByHash: 20,
  eth_gasPrice: 20,
  eth_getBalance: 20,
  eth_getCode: 20,
  eth_getFilterChanges: 20,
  eth_newBlockFilter: 20,
  eth_newFilter: 20,
  eth_newPendingTransactionFilter: 20,
  eth_getBlockTransactionCountByHash: 20,
  eth_getBlockTransactionCountByNumber: 20,
  eth_getProof: 20,
  eth_getBlockByHash: 20,
  eth_getTransactionCount: 20,
  eth_estimateGas: 20,
  eth_getBlockReceipts: 20,
  eth_call: 26,
  eth_simulateV1: 40,
  eth_sendRawTransaction: 40,
  eth_getFilterLogs: 60,
  eth_getLogs: 60,
};

/** What a method missing from the table is charged: the dearest of the plain reads (eth_call). */
export const UNLISTED_METHOD_UNITS = 26;

export function computeUnitsOf(method: string): number {
  return ALCHEMY_COMPUTE_UNITS[method] ?? UNLISTED_METHOD_UNITS;
}

export interface ProviderLimits {
  /** Entries per JSON-RPC batch. */
  maxBatch: number;
  /** eth_getLogs: a range of at most this many blocks is answered whatever it holds… */
  logsAnyCountRange: number;
  /** …and a wider one only if its answer holds at most this many logs. */
  logsMaxResults: number;
  /** Throughput budget, compute units per second. */
  unitsPerSecond: number;
  /** The bucket holds this many seconds of budget (Alchemy: a 10-second window). */
  windowSeconds: number;
}

/**
 * Alchemy's documented limits; the throughput is the free tier's 500 CU/s, the one figure Alchemy's
 * throughput page states (the bench states the budget it runs with).
 */
export const ALCHEMY_LIMITS: ProviderLimits = {
  maxBatch: 1_000,
  logsAnyCountRange: 2_000,
  logsMaxResults: 10_000,
  unitsPerSecond: 500,
  windowSeconds: 10,
};

/** JSON-RPC error of a refused eth_getLogs, in Alchemy's words; `suggested` is a range it would answer. */
export function logsRefusal(limits: ProviderLimits, suggested: { from: bigint; to: bigint }) {
  const hex = (n: bigint) => `0x${n.toString(16)}`;
  return {
    code: -32600,
    message:
      `Log response size exceeded. You can make eth_getLogs requests with up to a ` +
      `${limits.logsAnyCountRange.toLocaleString('en-US')} block range and no limit on the response size, ` +
      `or you can request any block range with a cap of ${limits.logsMaxResults.toLocaleString('en-US')} logs ` +
      `in the response. Based on your parameters, this block range should work: ` +
      `[${hex(suggested.from)}, ${hex(suggested.to)}]`,
  };
}

/** The body of Alchemy's HTTP 429 (its throughput page). */
export const THROUGHPUT_REFUSAL = {
  code: 429,
  message:
    'Your app has exceeded its compute units per second capacity. If you have retries enabled, you can ' +
    'safely ignore this message. If not, check out https://docs.alchemy.com/reference/throughput',
};
