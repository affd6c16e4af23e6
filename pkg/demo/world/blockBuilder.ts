/**
 * Builds one simulated block: the transactions of its interval are signed locally with explicit
 * nonces and fees, sent while mining is paused, then mined together at the block's timestamp and
 * base fee. One block per interval is what lets anvil keep every past state (demo-world.md).
 */
import { toHex, type Address, type Hash, type Hex } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients, Role } from '../chain/clients';
import type { TxKind, TxRecord } from '../ledger/record';

const PRIORITY_FEE = 1_000_000_000n;

interface Pending {
  role: Role;
  kind: TxKind;
  to: Address;
  data: Hex;
  gas: bigint;
  hash?: Hash;
}

export interface MinedBlock {
  number: bigint;
  hash: Hash;
  timestamp: number;
  baseFeePerGas: bigint;
  txs: TxRecord[];
}

export class BlockBuilder {
  private readonly nonces = new Map<Role, number>();
  private pending: Pending[] = [];
  /** The newest block this builder mined, so the next one's number is known without asking. */
  private lastNumber = 0n;

  constructor(private readonly clients: DemoClients) {}

  /** Reads each role's next nonce once; from then on the builder counts them itself. */
  async init(roles: readonly Role[]): Promise<void> {
    await Promise.all(
      roles.map(async (role) => {
        const address = this.clients.wallet(role).account.address;
        this.nonces.set(role, await this.clients.public.getTransactionCount({ address, blockTag: 'pending' }));
      })
    );
    await this.clients.test.setAutomine(false);
    this.lastNumber = await this.clients.public.getBlockNumber({ cacheTime: 0 });
  }

  /** Queues a call; returns its index in the block, to find its receipt afterwards. */
  add(role: Role, kind: TxKind, to: Address, data: Hex, gas: bigint): number {
    this.pending.push({ role, kind, to, data, gas });
    return this.pending.length - 1;
  }

  async mine(timestamp: number, baseFeePerGas: bigint): Promise<MinedBlock> {
    const { test, public: publicClient } = this.clients;
    await test.setNextBlockBaseFeePerGas({ baseFeePerGas });
    const maxFeePerGas = baseFeePerGas * 2n + PRIORITY_FEE;
    const pending = this.pending;
    this.pending = [];
    // anvil holds the demo mnemonic's keys (its default accounts are unlocked), so it signs natively:
    // signing thousands of transactions in JavaScript was most of the build time.
    // The timestamp rides in the same JSON-RPC batch as the transactions (viem batches one tick's calls).
    const [, ...hashes] = await Promise.all([
      test.setNextBlockTimestamp({ timestamp: BigInt(timestamp) }),
      ...pending.map((tx) => {
        const nonce = this.nonces.get(tx.role);
        if (nonce === undefined) {
          throw new PmmError('demo world', `role ${tx.role} has no nonce`, { fix: 'list it in BlockBuilder.init' });
        }
        this.nonces.set(tx.role, nonce + 1);
        return this.clients.wallet(tx.role).request({
          method: 'eth_sendTransaction',
          params: [
            {
              from: this.clients.wallet(tx.role).account.address,
              to: tx.to,
              data: tx.data,
              gas: toHex(tx.gas),
              nonce: toHex(nonce),
              maxFeePerGas: toHex(maxFeePerGas),
              maxPriorityFeePerGas: toHex(PRIORITY_FEE),
            },
          ],
        });
      }),
    ]);
    await test.mine({ blocks: 1 });
    const number = this.lastNumber + 1n;
    this.lastNumber = number;
    const [block, receipts] = await Promise.all([
      publicClient.getBlock({ blockNumber: number }),
      publicClient.getBlockReceipts({ blockNumber: number }),
    ]);
    if (block.transactions.length !== hashes.length) {
      throw new PmmError(
        'demo world',
        `block ${block.number} holds ${block.transactions.length} of the ${hashes.length} transactions sent`,
        { fix: 'a transaction was not includable (fee or nonce); this is a simulator bug' }
      );
    }
    const byHash = new Map(receipts.map((receipt) => [receipt.transactionHash, receipt]));
    const ordered = hashes.map((hash) => {
      const receipt = byHash.get(hash);
      if (!receipt) {
        throw new PmmError('demo world', `no receipt for ${hash} in block ${block.number}`, { fix: 'a simulator bug' });
      }
      return receipt;
    });
    return {
      number: block.number,
      hash: block.hash,
      timestamp: Number(block.timestamp),
      baseFeePerGas: block.baseFeePerGas ?? 0n,
      txs: ordered.map((receipt, i) => ({
        hash: receipt.transactionHash,
        kind: pending[i].kind,
        role: pending[i].role,
        from: receipt.from,
        blockNumber: receipt.blockNumber,
        status: receipt.status,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: receipt.effectiveGasPrice,
      })),
    };
  }
}
