/**
 * Every transaction the market maker's wallets SENT in a block range, reverted ones included, read from
 * the chain alone: no indexer, no trace API, no explorer.
 *
 * A node cannot list an account's transactions, but it can tell an EOA's nonce at any block, and that
 * nonce counts the transactions the account sent up to that block, mined ones, reverted ones too. So
 * we bisect: read the nonce before the range and at its end; where they differ, split the range in two
 * and read the nonce at the middle; recurse into the halves whose nonce moved, down to single blocks.
 * Only those blocks are fetched (with their transactions), and only the wallets' transactions in them
 * get a receipt.
 *
 * Cost: each level of the bisection reads one nonce per span still open, the open spans are disjoint
 * and each holds a block where the nonce moved, and there are ⌈log2(blocks)⌉ levels; so a wallet that
 * sent in k blocks of an N-block range costs at most 2 + k·⌈log2 N⌉ eth_getTransactionCount calls (a
 * month of Ethereum is ~216,000 blocks: 18 levels), then k blocks and its receipts: O(txs × log(blocks))
 * rather than O(blocks), so a mainnet archive node serves it without scanning the range. The reads of
 * one level, for all wallets, are issued together so the transport sends them as one JSON-RPC batch:
 * the round trips are ⌈log2 N⌉ + 3 whatever the number of wallets.
 *
 * Historical nonces need an archive node beyond the recent blocks a full node keeps (128 on geth).
 * EOAs only: a contract's nonce counts only the contracts it creates, and a smart wallet's
 * transactions are sent by someone else. An EIP-7702 authorization bumps its signer's nonce in
 * someone else's transaction: such a block yields fewer transactions than the nonce moved by.
 */
import { getAddress, isAddress, type Address, type Hash } from 'viem';
import { getBlock, getTransactionCount } from 'viem/actions';

import { PmmError, type PmmSource } from '../../../../src/core/errors';
import type { BlockCache } from '../../cache/blockCache';
import { alignedSplit } from '../rpc/alignedSplit';
import { getReceipts } from '../rpc/receipts';
import type { RpcClient } from '../rpc/rpcClient';
import { rpcSource, withRpcErrors } from '../rpc/rpcError';
import { erc20TransfersOf, inChunks, type Erc20Transfer } from './chainReads';

export interface GetWalletTransactionsParameters {
  /** EOAs (see above). */
  wallets: readonly Address[];
  fromBlock: bigint;
  /** Inclusive. */
  toBlock: bigint;
  /**
   * Where each block's cut (the wallets' transactions) is kept by block hash across calls (the engine's
   * block cache): a refresh then reads no block with its transactions again, a header at most. Without
   * it every call reads each block whole.
   */
  keep?: BlockCache['get'];
}

export interface WalletTransaction {
  hash: Hash;
  from: Address;
  /** Null for a contract creation. */
  to: Address | null;
  blockNumber: bigint;
  blockHash: Hash;
  transactionIndex: number;
  timestampSec: number;
  nonce: number;
  status: 'success' | 'reverted';
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** Ether sent with the transaction, in wei. */
  value: bigint;
  /** Every ERC-20 Transfer the transaction emitted (none when it reverted), whoever the parties. */
  transfers: Erc20Transfer[];
  /** Logs the transaction emitted, of any kind. */
  logCount: number;
}

/** In block order, then in the order within the block. */
export type GetWalletTransactionsReturnType = WalletTransaction[];
export type GetWalletTransactionsErrorType = PmmError;

export async function getWalletTransactions(
  client: RpcClient,
  parameters: GetWalletTransactionsParameters
): Promise<GetWalletTransactionsReturnType> {
  const { fromBlock, toBlock } = parameters;
  const source = rpcSource(client);
  const wallets = uniqueWallets(parameters.wallets);
  const readNonce = (wallet: Address, block: bigint) =>
    withRpcErrors(client, `eth_getTransactionCount of ${wallet} at block ${block}`, () =>
      getTransactionCount(client, { address: wallet, blockNumber: block })
    );
  const changes = await findNonceChanges({ wallets, fromBlock, toBlock, readNonce, source });
  if (changes.length === 0) {
    return [];
  }

  const blockNumbers = [...new Set(changes.map((change) => change.block))].sort((a, b) => (a < b ? -1 : 1));
  const walletSet = new Set(wallets.map((wallet) => wallet.toLowerCase()));
  // Each block is cut to the wallets' transactions as it arrives: a mainnet block carries hundreds of
  // others, and a month of a busy wallet's blocks held whole would be gigabytes.
  const cutBlock = async (blockNumber: bigint) => {
    const block = await withRpcErrors(client, `eth_getBlockByNumber ${blockNumber} with its transactions`, () =>
      getBlock(client, { blockNumber, includeTransactions: true })
    );
    return {
      number: block.number,
      hash: block.hash,
      timestamp: block.timestamp,
      // An EIP-7702 authorization moves its signer's nonce inside someone else's transaction.
      authorizations: block.transactions.some((tx) => tx.type === 'eip7702'),
      ours: block.transactions.filter((tx) => walletSet.has(tx.from.toLowerCase())),
    };
  };
  const { keep } = parameters;
  const cutKey = `sentBy|${[...walletSet].sort().join(',')}`;
  const blocks = await inChunks(blockNumbers, async (blockNumber) => {
    if (!keep) {
      return cutBlock(blockNumber);
    }
    const header = await withRpcErrors(client, `eth_getBlockByNumber ${blockNumber}`, () =>
      getBlock(client, { blockNumber })
    );
    const block = await keep(header.hash, cutKey, () => cutBlock(blockNumber));
    if (block.hash !== header.hash) {
      throw reorganised(
        source,
        `block ${blockNumber} changed from ${header.hash} to ${block.hash} while it was being read`
      );
    }
    return block;
  });
  const sent = blocks.flatMap((block) => block.ours.map((tx) => ({ tx, block })));
  checkAgainstNonces(
    changes,
    blocks,
    sent.map(({ tx }) => tx),
    source
  );

  const receipts = await getReceipts(
    client,
    sent.map(({ tx }) => tx.hash),
    {
      pick: (receipt) => ({
        blockHash: receipt.blockHash,
        transactionIndex: receipt.transactionIndex,
        status: receipt.status,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: receipt.effectiveGasPrice,
        transfers: erc20TransfersOf(receipt.logs),
        logCount: receipt.logs.length,
      }),
    }
  );
  return sent.map(({ tx, block }, i) => {
    const receipt = receipts[i];
    if (receipt.blockHash !== block.hash) {
      throw reorganised(source, `transaction ${tx.hash} moved from block ${block.number} while it was being read`);
    }
    return {
      hash: tx.hash,
      from: getAddress(tx.from),
      to: tx.to ? getAddress(tx.to) : null,
      blockNumber: block.number,
      blockHash: block.hash,
      transactionIndex: receipt.transactionIndex,
      timestampSec: Number(block.timestamp),
      nonce: tx.nonce,
      status: receipt.status,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
      value: tx.value,
      transfers: receipt.transfers,
      logCount: receipt.logCount,
    };
  });
}

/** A block where a wallet's nonce moved, and by how much (the transactions it sent in that block). */
export interface NonceChange {
  wallet: Address;
  block: bigint;
  sent: number;
}

export interface FindNonceChangesParameters {
  wallets: readonly Address[];
  fromBlock: bigint;
  toBlock: bigint;
  /** The wallet's nonce at the end of `block` (eth_getTransactionCount at that block). */
  readNonce: (wallet: Address, block: bigint) => Promise<number>;
  /** Names the node in errors. */
  source?: PmmSource;
}

interface Span {
  wallet: Address;
  from: bigint;
  to: bigint;
  /** Nonce at the end of block from − 1. */
  before: number;
  /** Nonce at the end of block to. */
  after: number;
}

/**
 * The nonce bisection described at the top of this file, breadth first: the reads of one level are
 * issued at once (200 at a time, so a thousand wallets do not become one burst). Sorted by block,
 * then wallet order.
 */
export async function findNonceChanges(parameters: FindNonceChangesParameters): Promise<NonceChange[]> {
  const { wallets, fromBlock, toBlock, readNonce, source = 'rpc' } = parameters;
  if (fromBlock < 0n || toBlock < fromBlock) {
    throw new PmmError(source, `block range ${fromBlock}–${toBlock} is empty or negative`, {
      fix: 'pass fromBlock ≤ toBlock',
    });
  }
  const ends = await inChunks(wallets, async (wallet) => {
    // Before block 0 no account has sent anything.
    const [before, after] = await Promise.all([
      fromBlock === 0n ? Promise.resolve(0) : readNonce(wallet, fromBlock - 1n),
      readNonce(wallet, toBlock),
    ]);
    return { wallet, from: fromBlock, to: toBlock, before, after };
  });
  let open: Span[] = [];
  for (const span of ends) {
    checkOrder(span.wallet, [span.from - 1n, span.before], [span.to, span.after], source);
    if (span.after !== span.before) {
      open.push(span);
    }
  }

  const changes: NonceChange[] = [];
  while (open.length > 0) {
    const splitting = open.filter((span) => {
      if (span.from === span.to) {
        changes.push({ wallet: span.wallet, block: span.from, sent: span.after - span.before });
        return false;
      }
      return true;
    });
    const middles = await inChunks(splitting, async (span) => {
      const middle = alignedSplit(span.from, span.to);
      return { middle, nonce: await readNonce(span.wallet, middle) };
    });
    open = [];
    splitting.forEach((span, i) => {
      const { middle, nonce } = middles[i];
      checkOrder(span.wallet, [span.from - 1n, span.before], [middle, nonce], source);
      checkOrder(span.wallet, [middle, nonce], [span.to, span.after], source);
      if (nonce !== span.before) {
        open.push({ ...span, to: middle, after: nonce });
      }
      if (nonce !== span.after) {
        open.push({ ...span, from: middle + 1n, before: nonce });
      }
    });
  }
  const order = new Map(wallets.map((wallet, i) => [wallet, i]));
  return changes.sort((a, b) =>
    a.block === b.block ? (order.get(a.wallet) ?? 0) - (order.get(b.wallet) ?? 0) : a.block < b.block ? -1 : 1
  );
}

/** A nonce never goes down: if it does, the node's answers do not come from one chain. */
function checkOrder(
  wallet: Address,
  [earlyBlock, early]: [bigint, number],
  [lateBlock, late]: [bigint, number],
  source: PmmSource
) {
  if (late < early) {
    throw reorganised(
      source,
      `the nonce of ${wallet} went down, from ${early} at block ${earlyBlock} to ${late} at block ${lateBlock}`
    );
  }
}

/** The blocks fetched must hold as many transactions of each wallet as its nonce moved by there (exported for its test). */
export function checkAgainstNonces(
  changes: readonly NonceChange[],
  blocks: ReadonlyArray<{ number: bigint; authorizations: boolean }>,
  sent: ReadonlyArray<{ from: Address; blockNumber: bigint | null }>,
  source: PmmSource
): void {
  // Counted once, looked up per change: a busy wallet has thousands of each over a month.
  const key = (block: bigint | null, wallet: Address) => `${block}:${wallet.toLowerCase()}`;
  const sentBy = new Map<string, number>();
  for (const tx of sent) {
    sentBy.set(key(tx.blockNumber, tx.from), (sentBy.get(key(tx.blockNumber, tx.from)) ?? 0) + 1);
  }
  const withAuthorizations = new Set(blocks.filter((b) => b.authorizations).map((b) => b.number));
  for (const change of changes) {
    const found = sentBy.get(key(change.block, change.wallet)) ?? 0;
    const authorizations = withAuthorizations.has(change.block);
    if (found > change.sent || (found < change.sent && !authorizations)) {
      throw reorganised(
        source,
        `block ${change.block} holds ${found} transactions of ${change.wallet} but its nonce moved by ${change.sent} there`
      );
    }
  }
}

function reorganised(source: PmmSource, what: string): PmmError {
  return new PmmError(source, what, {
    fix: 'the chain reorganised during the read, or the nodes behind this URL disagree (a load balancer over nodes at different heights): retry, read up to a finalized block, or use one node',
  });
}

function uniqueWallets(wallets: readonly Address[]): Address[] {
  const seen = new Map<string, Address>();
  for (const wallet of wallets) {
    if (!isAddress(wallet, { strict: false })) {
      throw new PmmError('rpc', `wallet ${wallet} is not an address`, { fix: 'give a 0x-prefixed 20-byte address' });
    }
    seen.set(wallet.toLowerCase(), getAddress(wallet));
  }
  return [...seen.values()];
}
