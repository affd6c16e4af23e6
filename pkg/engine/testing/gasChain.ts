/**
 * A stand-in chain for engine tests that read only block headers and base fees (the gas KPI): one block a
 * minute from block 0 at T0_S, answering eth_blockNumber, eth_getBlockByNumber and eth_feeHistory as a
 * node does, and refusing everything else (no contract lives there). The tests give the head, the base
 * fee and the hash of each block, so one can move the head or replace a block.
 */
import { numberToHex } from 'viem';

export const T0_S = 1_700_000_000;
export const BLOCK_S = 60;
export const GWEI = 1_000_000_000n;

export interface GasChain {
  head: () => bigint;
  baseFee: (n: bigint) => bigint;
  hash: (n: bigint) => string;
}

function header(chain: GasChain, n: bigint) {
  return {
    number: numberToHex(n),
    hash: chain.hash(n),
    parentHash: chain.hash(n > 0n ? n - 1n : 0n),
    timestamp: numberToHex(BigInt(T0_S) + n * BigInt(BLOCK_S)),
    baseFeePerGas: numberToHex(chain.baseFee(n)),
    transactions: [],
  };
}

/** What the chain answers to one JSON-RPC request; throws for a method it does not serve. */
export function gasChainAnswer(chain: GasChain, method: string, params: readonly unknown[]): unknown {
  const head = chain.head();
  switch (method) {
    case 'eth_blockNumber':
      return numberToHex(head);
    case 'eth_getBlockByNumber': {
      const tag = params[0] as string;
      const n = tag === 'latest' || tag === 'finalized' || tag === 'safe' ? head : BigInt(tag);
      return n > head ? null : header(chain, n);
    }
    case 'eth_feeHistory': {
      const count = BigInt(params[0] as string);
      const newest = params[1] === 'latest' ? head : BigInt(params[1] as string);
      const oldest = newest - count + 1n;
      const blocks = Array.from({ length: Number(count) + 1 }, (_, i) => oldest + BigInt(i));
      return {
        oldestBlock: numberToHex(oldest),
        baseFeePerGas: blocks.map((n) => numberToHex(chain.baseFee(n))),
        gasUsedRatio: blocks.slice(0, -1).map(() => 0.5),
      };
    }
    default:
      // No contract lives on this chain: the token reads fail, which the gas KPI does not read.
      throw new Error(`the stand-in node does not answer ${method}`);
  }
}
