/**
 * What the protocol reads share: one shape for an entry of a read over many addresses (its value, or
 * why that entry alone failed), and the sorting of a failed eth_call into "this address is wrong"
 * (the entry's PmmError, naming the protocol and the address) versus "the node failed" (thrown for the
 * whole read, naming the node). Reads go through our `multicall` (multicall.ts: Multicall3's
 * aggregate3, entries and failures as viem's `multicall` with allowFailure gives them).
 */
import {
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  RawContractError,
  decodeErrorResult,
  formatUnits,
  getAddress,
  isAddress,
  isAddressEqual,
  type Abi,
  type Address,
  type Hex,
} from 'viem';
import { getCode } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import type { RpcClient } from '../rpc/rpcClient';
import { rpcSource, toRpcError, withRpcErrors } from '../rpc/rpcError';

/** The protocol a read speaks to; the `source` of its errors. Node failures are `rpc:<node>` instead. */
export type ChainSource = 'erc20' | 'chainlink' | 'aave-v3' | 'compound-v3';

/**
 * One entry of a read over many addresses: `Key` says which (token, holder, …), then either the data
 * (`status: 'success'`) or the PmmError of this entry alone (`status: 'failure'`).
 */
export type ReadEntry<Key, Data> = Key &
  (({ status: 'success'; error?: undefined } & Data) | { status: 'failure'; error: PmmError });

/** How an eth_call went wrong at the contract (as opposed to at the node). */
export type FailureKind = 'no-contract' | 'no-data' | 'reverted' | 'undecodable';

export type Settled<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; error: PmmError };

/** viem's multicall entry with allowFailure: true. */
export type MulticallEntry<T> =
  { status: 'success'; result: T; error?: undefined } | { status: 'failure'; error: Error; result?: undefined };

export interface CallTarget {
  address: Address;
  /** The call as the user would recognise it, e.g. "balanceOf(0x12…)". */
  call: string;
  /** What the address should be, e.g. "an ERC-20 token". */
  kind: string;
  /** What to check when this address fails, e.g. "check the feed address". */
  fix: string;
  /** To name a custom error in a revert. */
  abi?: Abi;
}

/** One read's settings: which protocol, at which block, with a per-read cache of code lookups. */
export interface ReadContext {
  client: RpcClient;
  source: ChainSource;
  blockNumber: bigint | undefined;
  /** Where the client's Multicall3 lives, to tell "Multicall3 missing at this block" from a bad target. */
  multicall3: Address | undefined;
  hasCode(address: Address): Promise<boolean>;
}

export function readContext(client: RpcClient, source: ChainSource, blockNumber: bigint | undefined): ReadContext {
  const codes = new Map<string, Promise<boolean>>();
  return {
    client,
    source,
    blockNumber,
    multicall3: client.chain.contracts?.multicall3?.address,
    hasCode(address) {
      const key = address.toLowerCase();
      let known = codes.get(key);
      if (!known) {
        known = withRpcErrors(client, `eth_getCode ${address}${atBlock(blockNumber)}`, () =>
          getCode(client, { address, blockNumber })
        ).then((code) => code !== undefined && code !== '0x');
        codes.set(key, known);
      }
      return known;
    },
  };
}

export function atBlock(blockNumber: bigint | undefined): string {
  return blockNumber === undefined ? '' : ` at block ${blockNumber}`;
}

/**
 * The entry's value, or its PmmError when the contract at `target.address` failed the call. Throws
 * (for the whole read) when the node failed or Multicall3 is missing, since no entry could succeed.
 */
export async function settle<T>(ctx: ReadContext, entry: MulticallEntry<T>, target: CallTarget): Promise<Settled<T>> {
  if (entry.status === 'success') {
    return { ok: true, value: entry.result };
  }
  const { error } = entry;
  if (!(error instanceof ContractFunctionExecutionError) || !sameAddress(error.contractAddress, target.address)) {
    throw aggregateFailure(ctx, error, target);
  }
  const at = atBlock(ctx.blockNumber);
  const cause = error.cause;
  const zeroData = cause instanceof ContractFunctionZeroDataError || cause instanceof AbiDecodingZeroDataError;
  if (zeroData) {
    if (!(await ctx.hasCode(target.address))) {
      return failed(ctx, 'no-contract', `no contract at ${target.address}${at}`, target.fix);
    }
    return failed(
      ctx,
      'no-data',
      `${target.address} returned nothing for ${target.call}${at}: it is not ${target.kind}`,
      target.fix
    );
  }
  const revert = revertOf(cause);
  if (revert !== undefined) {
    const reason = describeRevert(revert, target.abi);
    return failed(
      ctx,
      'reverted',
      `${target.call} on ${target.address} reverted${reason ? ` (${reason})` : ''}${at}: is it ${target.kind}?`,
      target.fix
    );
  }
  const said = cause instanceof BaseError ? cause.shortMessage : String(cause);
  return failed(
    ctx,
    'undecodable',
    `${target.address} answered ${target.call} with data that does not decode (${said})${at}: it is not ${target.kind}`,
    target.fix
  );
}

type Values<T extends ReadonlyArray<Settled<unknown>>> = { [K in keyof T]: T[K] extends Settled<infer V> ? V : never };

/** Several calls that make one entry: all their values, or the first failure. */
export function together<const T extends ReadonlyArray<Settled<unknown>>>(
  ...settled: T
): { ok: true; values: Values<T> } | { ok: false; error: PmmError } {
  for (const s of settled) {
    if (!s.ok) {
      return { ok: false, error: s.error };
    }
  }
  return { ok: true, values: settled.map((s) => (s.ok ? s.value : undefined)) as Values<T> };
}

/** For reads of one address that make no sense without it (a market, a pool): its failure fails the read. */
export function required<T>(settled: Settled<T>): T {
  if (!settled.ok) {
    throw settled.error;
  }
  return settled.value;
}

/** Checksums an address the caller passed, or names it in a PmmError. */
export function checkedAddress(source: ChainSource, value: string, what: string): Address {
  if (!isAddress(value, { strict: false })) {
    throw new PmmError(source, `${what} "${value}" is not an address`, {
      fix: `give the ${what} as a 0x-prefixed 20-byte hex address`,
    });
  }
  return getAddress(value);
}

export function checkedAddresses(source: ChainSource, values: readonly string[], what: string): Address[] {
  return values.map((value) => checkedAddress(source, value, what));
}

/** Refuses a log range before any request, in the protocol's own words. */
export function checkedRange(source: ChainSource, fromBlock: bigint, toBlock: bigint): void {
  if (fromBlock < 0n || toBlock < fromBlock) {
    throw new PmmError(source, `block range ${fromBlock}–${toBlock} is empty or negative`, {
      fix: 'pass fromBlock ≤ toBlock',
    });
  }
}

/**
 * A whole-token (or whole-unit) number from an integer amount and its decimals, correctly rounded:
 * viem's formatUnits splits the integer and the fraction exactly as decimal text, and the double is
 * parsed from that text, so no precision is lost beyond the double's own 15–17 digits.
 */
export function toTokens(amount: bigint, decimals: number): number {
  return Number(formatUnits(amount, decimals));
}

/**
 * `numerator / denominator` as a number, for units that need not be a power of ten (Aave's
 * BASE_CURRENCY_UNIT): the integer part and the remainder are converted apart, so a large amount keeps
 * its fraction.
 */
export function ratio(numerator: bigint, denominator: bigint): number {
  const whole = numerator / denominator;
  const rest = numerator % denominator;
  return Number(whole) + Number(rest) / Number(denominator);
}

function failed(ctx: ReadContext, kind: FailureKind, message: string, fix: string): Settled<never> {
  return { ok: false, kind, error: new PmmError(ctx.source, message, { fix }) };
}

function sameAddress(a: Address | undefined, b: Address): boolean {
  return a !== undefined && isAddress(a, { strict: false }) && isAddressEqual(a, b);
}

/** A failure of the whole Multicall3 call: the node, or Multicall3 itself at this block. */
function aggregateFailure(ctx: ReadContext, error: Error, target: CallTarget): PmmError {
  const multicallMissing =
    error instanceof BaseError &&
    error.walk((e) => e instanceof AbiDecodingZeroDataError || e instanceof ContractFunctionZeroDataError) !== null &&
    (ctx.multicall3 === undefined ||
      !(error instanceof ContractFunctionExecutionError) ||
      sameAddress(error.contractAddress, ctx.multicall3));
  if (multicallMissing) {
    return new PmmError(
      rpcSource(ctx.client),
      `Multicall3 (${ctx.multicall3 ?? 'unset'}) has no code${atBlock(ctx.blockNumber)}`,
      {
        fix: 'read from a block after Multicall3 was deployed on this chain, or set its address in the data source',
      }
    );
  }
  return toRpcError(ctx.client, error, `eth_call ${target.call} on ${target.address}${atBlock(ctx.blockNumber)}`);
}

function revertOf(cause: unknown): { data: Hex | undefined; reason: string | undefined } | undefined {
  if (cause instanceof RawContractError) {
    const data = typeof cause.data === 'string' ? cause.data : cause.data?.data;
    return { data, reason: undefined };
  }
  if (cause instanceof ContractFunctionRevertedError) {
    return { data: cause.raw, reason: cause.reason ?? cause.data?.errorName };
  }
  return undefined;
}

function describeRevert(revert: { data: Hex | undefined; reason: string | undefined }, abi: Abi | undefined): string {
  if (revert.reason) {
    return revert.reason;
  }
  if (revert.data === undefined || revert.data === '0x') {
    return '';
  }
  try {
    const decoded = decodeErrorResult({ abi, data: revert.data });
    if (decoded.errorName === 'Error' && typeof decoded.args?.[0] === 'string') {
      return decoded.args[0];
    }
    const args = decoded.args?.length ? `(${decoded.args.map(String).join(', ')})` : '';
    return `${decoded.errorName}${args}`;
  } catch {
    return `revert data ${revert.data.slice(0, 10)}`;
  }
}
