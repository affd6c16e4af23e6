/**
 * Other makers' fills on the same 1inch contract. On mainnet the Limit Order Protocol emits every
 * maker's OrderFilled, several times ours; a read of the contract's logs pays for all of them, a read
 * filtered on our wallets does not. The proxy puts one made-up fill in every `every`-th presented
 * block that is itself made up (never in a world block), shaped as LOP v4 emits it: the maker asset
 * from the other maker to the taker, the taker asset back, then OrderFilled(orderHash, 0).
 */
import { keccak256, pad, toEventSelector, toHex } from 'viem';

import { locate, type DensityMap } from './density';
import type { RpcLog } from './logFilter';
import { syntheticBlockHash, syntheticTransactionHash } from './syntheticIds';

export const TRANSFER_TOPIC = toEventSelector('Transfer(address,address,uint256)');
export const ORDER_FILLED_TOPIC = toEventSelector('OrderFilled(bytes32,uint256)');

export interface OtherFillsPlan {
  /** The Limit Order Protocol contract (lower-case). */
  contract: string;
  makerToken: string;
  takerToken: string;
  /** A made-up block whose number is a multiple of this holds one other maker's fill. */
  every: number;
  /** Other makers, taking turns. */
  makers: number;
}

/** Gas of one made-up fill (a plain LOP v4 fill costs about this). */
const FILL_GAS = 150_000;

/**
 * The spacing that gives about `timesOurs` fills of others per fill of ours over `presentedBlocks`;
 * undefined when we have no fill (nothing to be several times of).
 */
export function otherFillsEvery(presentedBlocks: number, ourFills: number, timesOurs: number): number | undefined {
  if (ourFills <= 0 || timesOurs <= 0) {
    return undefined;
  }
  return Math.max(1, Math.floor(presentedBlocks / (ourFills * timesOurs)));
}

export function holdsOtherFill(plan: OtherFillsPlan, map: DensityMap, presented: number): boolean {
  return presented % plan.every === 0 && locate(map, presented)?.kind === 'synthetic';
}

/** The presented blocks in [from, to] that hold an other maker's fill, ascending. */
export function otherFillBlocks(plan: OtherFillsPlan, map: DensityMap, from: number, to: number): number[] {
  const blocks: number[] = [];
  for (let p = Math.ceil(Math.max(0, from) / plan.every) * plan.every; p <= to; p += plan.every) {
    if (holdsOtherFill(plan, map, p)) {
      blocks.push(p);
    }
  }
  return blocks;
}

const address = (label: string, i: number) =>
  `0x${Buffer.from(label).toString('hex').padEnd(36, '0')}${i.toString(16).padStart(4, '0')}`;

export function otherMaker(plan: OtherFillsPlan, presented: number): string {
  return address('maker', Math.floor(presented / plan.every) % plan.makers);
}

export function otherTaker(presented: number): string {
  return address('taker', presented % 0x10000);
}

const word = (value: bigint | string) => pad(typeof value === 'string' ? (value as `0x${string}`) : toHex(value));

export function otherFillLogs(plan: OtherFillsPlan, presented: number): RpcLog[] {
  const maker = otherMaker(plan, presented);
  const taker = otherTaker(presented);
  const making = BigInt((presented % 997) + 1) * 10n ** 15n;
  const taking = BigInt((presented % 991) + 1) * 10n ** 6n;
  const orderHash = keccak256(toHex(`other maker's order at ${presented}`));
  const at = {
    blockNumber: toHex(presented),
    blockHash: syntheticBlockHash(presented),
    transactionHash: syntheticTransactionHash(presented),
    transactionIndex: '0x0',
    removed: false,
  };
  return [
    { ...at, address: plan.makerToken, topics: [TRANSFER_TOPIC, word(maker), word(taker)], data: word(making) },
    { ...at, address: plan.takerToken, topics: [TRANSFER_TOPIC, word(taker), word(maker)], data: word(taking) },
    { ...at, address: plan.contract, topics: [ORDER_FILLED_TOPIC], data: `${orderHash}${word(0n).slice(2)}` },
  ].map((log, i) => ({ ...log, logIndex: toHex(i) }));
}

export function otherFillTransaction(plan: OtherFillsPlan, presented: number, baseFeeHex: string) {
  return {
    hash: syntheticTransactionHash(presented),
    blockHash: syntheticBlockHash(presented),
    blockNumber: toHex(presented),
    transactionIndex: '0x0',
    from: otherTaker(presented),
    to: plan.contract,
    nonce: toHex(Math.floor(presented / 0x10000)),
    value: '0x0',
    gas: toHex(FILL_GAS),
    gasPrice: baseFeeHex,
    maxFeePerGas: baseFeeHex,
    maxPriorityFeePerGas: '0x0',
    input: '0x',
    type: '0x2',
    accessList: [],
    chainId: '0x1',
    v: '0x0',
    yParity: '0x0',
    r: '0x1',
    s: '0x1',
  };
}

export function otherFillReceipt(plan: OtherFillsPlan, presented: number, baseFeeHex: string) {
  return {
    transactionHash: syntheticTransactionHash(presented),
    transactionIndex: '0x0',
    blockHash: syntheticBlockHash(presented),
    blockNumber: toHex(presented),
    from: otherTaker(presented),
    to: plan.contract,
    cumulativeGasUsed: toHex(FILL_GAS),
    gasUsed: toHex(FILL_GAS),
    effectiveGasPrice: baseFeeHex,
    contractAddress: null,
    logs: otherFillLogs(plan, presented),
    logsBloom: `0x${'0'.repeat(512)}`,
    status: '0x1',
    type: '0x2',
  };
}

export const OTHER_FILL_GAS = FILL_GAS;
