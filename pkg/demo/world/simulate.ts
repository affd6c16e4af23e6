/**
 * Replays the planned month on the chain, one block per interval, and writes what happened into
 * the ledger record: every transaction with its receipt, every RFQ with its order hash and outcome.
 */
import {
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseAbi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Transport,
  type WalletClient,
} from 'viem';

import type { DemoClients, Role } from '../chain/clients';
import { priceFeedAbi, toFeedAnswer } from '../contracts/feeds';
import { buildRfqOrder, fullFillCall, orderHash, signOrder, type Order } from '../contracts/lop';
import type { BlockRecord, MinedWorldBlock, RfqRecord, WorldRecord } from '../ledger/record';
import type { LendingAction, PlannedBlock, Rfq } from '../sim/plan';
import { ASSETS, type Asset } from '../sim/scenario';
import type { WorldAddresses } from './addresses';
import { BlockBuilder } from './blockBuilder';
import { units } from './deployWorld';

// The mainnet signatures we call; the engine reads through the protocols' own ABIs.
const aavePoolAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
]);
const cometAbi = parseAbi([
  'function supply(address asset, uint256 amount)',
  'function withdraw(address asset, uint256 amount)',
]);
const receiverAbi = parseAbi(['function run(address pool, address asset, uint256 amount)']);

const GAS = { feed: 120_000n, fill: 350_000n, lending: 600_000n, flashloan: 500_000n, transfer: 100_000n };

export const SIM_ROLES: readonly Role[] = [
  'deployer',
  'maker',
  'treasury',
  'taker1',
  'taker2',
  'taker3',
  'taker4',
  'investor',
];

export interface SimulationProgress {
  (done: number, total: number): void;
}

function lendingCall(world: WorldAddresses, action: LendingAction, maker: Address) {
  const token = world.tokens[action.asset];
  const amount = units(action.amount, action.asset);
  if (action.venue === 'aave') {
    const pool = world.aave.pool;
    switch (action.op) {
      case 'supply':
        return {
          to: pool,
          data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [token, amount, maker, 0] }),
        };
      case 'borrow':
        return {
          to: pool,
          data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'borrow', args: [token, amount, 2n, 0, maker] }),
        };
      case 'repay':
        return {
          to: pool,
          data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'repay', args: [token, amount, 2n, maker] }),
        };
    }
  }
  const market = world.comet.market;
  // Comet borrows by withdrawing base beyond the supplied balance, and repays by supplying base.
  const functionName = action.op === 'borrow' ? 'withdraw' : 'supply';
  return { to: market, data: encodeFunctionData({ abi: cometAbi, functionName, args: [token, amount] }) };
}

interface PreparedFill {
  rfq: Rfq;
  order: Order;
  hash: Hash;
}

function prepareFill(
  world: WorldAddresses,
  maker: Address,
  takerAddress: Address,
  block: PlannedBlock,
  rfq: Rfq
): PreparedFill {
  const quoteAmount = rfq.size * (rfq.price ?? 0);
  const makerGivesBase = rfq.side === 'buy';
  const order = buildRfqOrder({
    maker,
    makerAsset: world.tokens[makerGivesBase ? rfq.base : rfq.quote],
    takerAsset: world.tokens[makerGivesBase ? rfq.quote : rfq.base],
    makingAmount: makerGivesBase ? units(rfq.size, rfq.base) : units(quoteAmount, rfq.quote),
    takingAmount: makerGivesBase ? units(quoteAmount, rfq.quote) : units(rfq.size, rfq.base),
    // A settlement meant to fail carries an order that expired before its block.
    expiry: rfq.willRevert ? block.timestamp - 60 : (rfq.expiry ?? block.timestamp + 120),
    nonce: Number(rfq.id.slice(4)),
    allowedSender: takerAddress,
  });
  return { rfq, order, hash: orderHash(world.chainId, world.limitOrderProtocol, order) };
}

/**
 * Mines planned blocks one at a time through one BlockBuilder (it counts the roles' nonces), so the
 * month and the live demo's blocks go through the very same code.
 */
export class WorldMiner {
  private constructor(
    private readonly clients: DemoClients,
    private readonly world: WorldAddresses,
    private readonly builder: BlockBuilder,
    private readonly makerSigner: WalletClient<Transport, Chain, Account>
  ) {}

  static async create(clients: DemoClients, world: WorldAddresses): Promise<WorldMiner> {
    const builder = new BlockBuilder(clients);
    await builder.init(SIM_ROLES);
    // A JSON-RPC account: viem asks the node (which holds the demo keys) to sign, in Rust.
    const makerSigner = createWalletClient({
      chain: clients.chain,
      transport: http(clients.rpcUrl, { batch: true }),
      account: clients.wallet('maker').account.address,
    });
    return new WorldMiner(clients, world, builder, makerSigner);
  }

  /** Sends the block's transactions, mines it at its timestamp and base fee, and says what happened. */
  async mine(block: PlannedBlock): Promise<MinedWorldBlock> {
    const { clients, world, builder, makerSigner } = this;
    const maker = clients.wallet('maker').account.address;
    const addressOf = (role: Role) => clients.wallet(role).account.address;
    // A feed posts only when its answer is new: the stale feed skips its window.
    for (const asset of ASSETS.filter((a) => block.feeds[a].updatedAt === block.timestamp)) {
      const data = encodeFunctionData({
        abi: priceFeedAbi,
        functionName: 'updateAnswer',
        args: [toFeedAnswer(block.feeds[asset].price)],
      });
      builder.add('deployer', 'feed', world.feeds[asset], data, GAS.feed);
    }
    const lending = block.lending.map((action) => {
      const call = lendingCall(world, action, maker);
      return { action, index: builder.add('maker', 'lending', call.to, call.data, GAS.lending) };
    });
    const prepared = block.rfqs
      .filter((rfq) => rfq.accepted)
      .map((rfq) => prepareFill(world, maker, addressOf(rfq.taker ?? 'taker1'), block, rfq));
    // One batched round trip: anvil signs the block's orders with the maker's key.
    const signatures = await Promise.all(
      prepared.map((fill) => signOrder(makerSigner, world.chainId, world.limitOrderProtocol, fill.order))
    );
    const fills = prepared.map((fill, i) => {
      const call = fullFillCall(fill.order, signatures[i]);
      const index = builder.add(fill.rfq.taker ?? 'taker1', 'fill', world.limitOrderProtocol, call.data, GAS.fill);
      const filled: RfqRecord = {
        ...fill.rfq,
        orderHash: fill.hash,
        makingAmount: fill.order.makingAmount,
        takingAmount: fill.order.takingAmount,
      };
      return { index, record: filled };
    });
    const filledById = new Map(fills.map((fill) => [fill.record.id, fill.record]));
    const quotes: RfqRecord[] = block.rfqs.map((rfq) => filledById.get(rfq.id) ?? { ...rfq });
    const flashLoans = block.flashLoans.map((loan) => {
      const data = encodeFunctionData({
        abi: receiverAbi,
        functionName: 'run',
        args: [world.aave.pool, world.tokens[loan.asset], units(loan.amount, loan.asset)],
      });
      return { loan, index: builder.add('maker', 'flashloan', world.flashLoanReceiver, data, GAS.flashloan) };
    });
    const rebalances = block.rebalances.map((move) => {
      const data = encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: [addressOf(move.to), units(move.amount, move.asset)],
      });
      return { move, index: builder.add(move.from, 'rebalance', world.tokens[move.asset], data, GAS.transfer) };
    });

    // In the plan's order: the treasury's venue deposits and withdrawals follow its rebalances (nonces).
    const transfer = (to: Address, asset: Asset, amount: number) =>
      encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, units(amount, asset)] });
    const venueDeposits = block.venueDeposits.map((deposit) => {
      const data = transfer(world.hedgeDeposit, deposit.asset, deposit.amount);
      return {
        deposit,
        index: builder.add(deposit.from, 'venueDeposit', world.tokens[deposit.asset], data, GAS.transfer),
      };
    });
    const flows = block.flows.map((flow) => {
      const [role, to, kind] =
        flow.direction === 'in'
          ? (['investor', addressOf(flow.wallet), 'deposit'] as const)
          : ([flow.wallet, world.investor, 'withdrawal'] as const);
      const data = transfer(to, flow.asset, flow.amount);
      return { flow, index: builder.add(role, kind, world.tokens[flow.asset], data, GAS.transfer) };
    });

    const mined = await builder.mine(block.timestamp, block.baseFeePerGas);
    const txHash = (index: number): Hash => mined.txs[index].hash;
    for (const fill of fills) {
      const tx = mined.txs[fill.index];
      fill.record.txHash = tx.hash;
      fill.record.settled = tx.status;
      fill.record.blockNumber = tx.blockNumber;
    }
    const blockRecord: BlockRecord = {
      index: block.index,
      number: mined.number,
      hash: mined.hash,
      timestamp: mined.timestamp,
      baseFeePerGas: mined.baseFeePerGas,
      planned: block,
      lending: lending.map(({ action, index }) => ({ ...action, txHash: txHash(index) })),
      flashLoans: flashLoans.map(({ loan, index }) => ({
        ...loan,
        txHash: txHash(index),
        premium: flashLoanPremium(units(loan.amount, loan.asset), world.aave.flashLoanPremiumBps),
      })),
      rebalances: rebalances.map(({ move, index }) => ({ ...move, txHash: txHash(index) })),
      flows: flows.map(({ flow, index }) => ({ ...flow, txHash: txHash(index) })),
      venueDeposits: venueDeposits.map(({ deposit, index }) => ({ ...deposit, txHash: txHash(index) })),
    };
    const unexpected = mined.txs.filter((tx) => tx.status !== 'success' && tx.kind !== 'fill');
    if (unexpected.length > 0) {
      throw new Error(`block ${mined.number}: ${unexpected.map((tx) => `${tx.kind} ${tx.hash}`).join(', ')} reverted`);
    }
    return { block: blockRecord, txs: mined.txs, rfqs: quotes };
  }
}

export async function simulateOnChain(
  clients: DemoClients,
  world: WorldAddresses,
  record: WorldRecord,
  onProgress?: SimulationProgress
): Promise<WorldMiner> {
  const miner = await WorldMiner.create(clients, world);
  const total = record.plan.blocks.length;
  for (const block of record.plan.blocks) {
    record.append(await miner.mine(block));
    onProgress?.(block.index + 1, total);
  }
  return miner;
}

/** Aave's premium: amount × bps / 10⁴, rounded half up (PercentageMath.percentMul). */
export function flashLoanPremium(amount: bigint, bps: number): bigint {
  return (amount * BigInt(bps) + 5_000n) / 10_000n;
}

export type { Asset };
