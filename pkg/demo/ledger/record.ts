/**
 * The ground-truth ledger: every action the simulator took, as it took it, with what the chain said
 * back (block, transaction hash, status, gas). Written by the simulator only; the demo's endpoints
 * serve from it and the expected KPI values are computed from it alone, never through our engine.
 */
import type { Address, Hash } from 'viem';

import type { Role } from '../chain/clients';
import type { HedgeState } from '../sim/hedge';
import type {
  ExternalFlow,
  FlashLoan,
  LendingAction,
  PlannedBlock,
  Rebalance,
  Rfq,
  VenueDeposit,
  WorldPlan,
} from '../sim/plan';

/**
 * deposit: capital an outside address sends a wallet (sent by that address); withdrawal: profit a
 * wallet sends outside; venueDeposit: a wallet funding the hedge venue through its deposit address.
 */
export type TxKind =
  'setup' | 'feed' | 'fill' | 'lending' | 'flashloan' | 'rebalance' | 'deposit' | 'withdrawal' | 'venueDeposit';

export interface TxRecord {
  hash: Hash;
  kind: TxKind;
  /** Who sent it: the wallets' gas is what the maker and treasury send. */
  role: Role;
  from: Address;
  blockNumber: bigint;
  status: 'success' | 'reverted';
  gasUsed: bigint;
  effectiveGasPrice: bigint;
}

export interface RfqRecord extends Rfq {
  orderHash?: Hash;
  txHash?: Hash;
  /** On-chain outcome of an accepted quote. */
  settled?: 'success' | 'reverted';
  blockNumber?: bigint;
  /** Exact token amounts of the order (maker gives makingAmount of makerAsset). */
  makingAmount?: bigint;
  takingAmount?: bigint;
}

export interface BlockRecord {
  index: number;
  number: bigint;
  hash: Hash;
  timestamp: number;
  baseFeePerGas: bigint;
  planned: PlannedBlock;
  lending: Array<LendingAction & { txHash: Hash }>;
  flashLoans: Array<FlashLoan & { txHash: Hash; premium: bigint }>;
  rebalances: Array<Rebalance & { txHash: Hash }>;
  flows: Array<ExternalFlow & { txHash: Hash }>;
  venueDeposits: Array<VenueDeposit & { txHash: Hash }>;
}

/** What mining one planned block produced: its record, its transactions, its RFQs with their outcome. */
export interface MinedWorldBlock {
  block: BlockRecord;
  txs: TxRecord[];
  rfqs: RfqRecord[];
}

export class WorldRecord {
  readonly blocks: BlockRecord[] = [];
  readonly rfqs: RfqRecord[] = [];
  readonly txs: TxRecord[] = [];
  /**
   * The feeds' answers from set-up until the first simulated block (they exist on chain before the
   * month starts, and a look-back such as VaR's reads them), and the time set-up had posted them.
   */
  openingFeeds?: { fromSec: number; prices: PlannedBlock['prices'] };

  /**
   * `hedge`: the venue's state after each block, aligned with the plan's blocks (block.index); the
   * live demo appends one per live block with the block.
   */
  constructor(
    readonly plan: WorldPlan,
    readonly hedge: HedgeState[]
  ) {}

  /**
   * Records a mined block, in one synchronous step so the endpoints never serve half a block. A live
   * block (planned after the month) brings its plan and its hedge venue state along.
   */
  append(mined: MinedWorldBlock, live?: { hedge: HedgeState }): void {
    const { block } = mined;
    if (block.index !== this.blocks.length) {
      throw new Error(`block index ${block.index} recorded after ${this.blocks.length} blocks`);
    }
    if (live) {
      if (this.plan.blocks.length !== block.index || this.hedge.length !== block.index) {
        throw new Error(`live block ${block.index} does not follow the plan's ${this.plan.blocks.length} blocks`);
      }
      this.plan.blocks.push(block.planned);
      this.hedge.push(live.hedge);
    }
    this.txs.push(...mined.txs);
    this.rfqs.push(...mined.rfqs);
    this.blocks.push(block);
  }

  /** Timestamp of the newest block on chain (the endpoints serve nothing newer). */
  now(): number {
    return this.blocks.length > 0 ? this.blocks[this.blocks.length - 1].timestamp : this.plan.scenario.startTime;
  }

  hedgeAt(timestamp: number): HedgeState | undefined {
    let found: HedgeState | undefined;
    for (let i = 0; i < this.blocks.length && i < this.hedge.length; i++) {
      if (this.hedge[i].timestamp <= timestamp) {
        found = this.hedge[i];
      }
    }
    return found;
  }

  pricesAt(timestamp: number): PlannedBlock['prices'] | undefined {
    let found: PlannedBlock['prices'] | undefined;
    for (const block of this.blocks) {
      if (block.timestamp <= timestamp) {
        found = block.planned.prices;
      }
    }
    return found;
  }
}
