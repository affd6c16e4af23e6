/**
 * Multicall3's aggregate3 for readers that ask the same calls at block after block. viem's `multicall`
 * encodes every call's calldata and the aggregate3 around it anew at each block, and decodes the answer
 * through its generic ABI decoder, which copies each entry's return data through byte arrays: over a
 * month of blocks that was most of what the backend allocated (docs/backend-memory.md). Here a call's
 * calldata is encoded once, the aggregate3 calldata is built by joining those, and the answer's outer
 * layer is read by slicing its hex.
 *
 * Entries come out exactly as viem's `multicall` (allowFailure) gives them — decoded with
 * decodeFunctionResult, a failure as viem's getContractError of a RawContractError — and a failure of
 * the whole call as viem's readContract of aggregate3 would throw it, so contractRead.ts's `settle`
 * reads both the same way. Unlike viem with client batching, reads of one block are not merged into
 * one eth_call: each multicall is its own, and the transport's JSON-RPC batching sends them together.
 */
import {
  AbiDecodingZeroDataError,
  BaseError,
  RawContractError,
  decodeFunctionResult,
  encodeFunctionData,
  getContractError,
  multicall3Abi,
  type Abi,
  type Address,
  type ContractFunctionParameters,
  type Hex,
  type MulticallParameters,
  type MulticallReturnType,
} from 'viem';
import { call } from 'viem/actions';

import type { RpcClient } from '../rpc/rpcClient';

type Call = ContractFunctionParameters;
type Entry = { status: 'success'; result: unknown } | { status: 'failure'; error: Error; result: undefined };

/** aggregate3((address,bool,bytes)[]) */
const AGGREGATE3_SELECTOR = '82ad56cb';
const WORD = 64; // hex characters

/** Calldata per ABI, then per function and arguments; bounded, since arguments could vary without end. */
const callDataCache = new WeakMap<Abi | readonly unknown[], Map<string, Hex>>();
const MAX_CACHED_PER_ABI = 4_096;

const argsKey = (args: readonly unknown[] | undefined) =>
  JSON.stringify(args ?? [], (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

function callDataOf({ abi, functionName, args }: Call): Hex {
  let byCall = callDataCache.get(abi);
  if (!byCall) {
    byCall = new Map();
    callDataCache.set(abi, byCall);
  }
  const key = `${functionName}(${argsKey(args)}`;
  let data = byCall.get(key);
  if (data === undefined) {
    data = encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
    if (byCall.size >= MAX_CACHED_PER_ABI) {
      byCall.clear();
    }
    byCall.set(key, data);
  }
  return data;
}

/** As viem's multicall does: a call whose arguments do not encode is sent empty and fails alone. */
function callDataOrEmpty(c: Call): Hex {
  try {
    return callDataOf(c);
  } catch {
    return '0x';
  }
}

const word = (value: number) => value.toString(16).padStart(WORD, '0');

/** One aggregate3 entry's tail: target, allowFailure = true, the offset of its bytes (3 words), the bytes. */
function entryEncoding(target: Address, callData: Hex): string {
  const bytes = callData.slice(2);
  const padded = bytes.padEnd(Math.ceil(bytes.length / WORD) * WORD, '0');
  return `${target.slice(2).toLowerCase().padStart(WORD, '0')}${word(1)}${word(3 * 32)}${word(bytes.length / 2)}${padded}`;
}

/** aggregate3's calldata: the selector, the array's offset and length, each entry's offset, the entries. */
export function encodeAggregate3(calls: ReadonlyArray<{ target: Address; callData: Hex }>): Hex {
  const entries = calls.map((c) => entryEncoding(c.target, c.callData));
  const heads: string[] = [];
  let offset = entries.length * 32;
  for (const entry of entries) {
    heads.push(word(offset));
    offset += entry.length / 2;
  }
  return `0x${AGGREGATE3_SELECTOR}${word(32)}${word(entries.length)}${heads.join('')}${entries.join('')}`;
}

/**
 * aggregate3's answer, `(bool success, bytes returnData)[]`, read by slicing; undefined when it is not
 * laid out as expected (then viem's own decoder reads it, and names what is wrong).
 */
export function decodeAggregate3(data: Hex, count: number): Array<{ success: boolean; returnData: Hex }> | undefined {
  const hex = data.slice(2);
  const at = (byte: number) => Number.parseInt(hex.slice(byte * 2, byte * 2 + WORD), 16);
  if (hex.length < 2 * WORD || at(0) !== 32 || at(32) !== count) {
    return undefined;
  }
  const start = 64; // the array's first offset word, in bytes
  const out: Array<{ success: boolean; returnData: Hex }> = [];
  for (let i = 0; i < count; i++) {
    const entry = start + at(start + i * 32);
    const success = at(entry);
    const bytesAt = entry + at(entry + 32);
    const length = at(bytesAt);
    const end = (bytesAt + 32 + length) * 2;
    if (!(success === 0 || success === 1) || !Number.isSafeInteger(length) || end > hex.length) {
      return undefined;
    }
    out.push({ success: success === 1, returnData: `0x${hex.slice((bytesAt + 32) * 2, end)}` });
  }
  return out;
}

/** Drop-in for viem's `multicall` with allowFailure (the only form the chain readers use). */
export async function multicall<const contracts extends readonly unknown[]>(
  client: RpcClient,
  parameters: Pick<MulticallParameters<contracts, true>, 'contracts' | 'blockNumber'>
): Promise<MulticallReturnType<contracts, true>> {
  const entries = await readAll(client, parameters.contracts as readonly Call[], parameters.blockNumber);
  // The entries are built per contract exactly as viem's multicall builds them; only the type is viem's.
  return entries as unknown as MulticallReturnType<contracts, true>;
}

async function readAll(client: RpcClient, calls: readonly Call[], blockNumber: bigint | undefined): Promise<Entry[]> {
  if (calls.length === 0) {
    return [];
  }
  const multicallAddress = client.chain.contracts?.multicall3?.address;
  const aggregate = calls.map((c) => ({ target: c.address, allowFailure: true, callData: callDataOrEmpty(c) }));
  const failAll = (error: unknown): Entry[] => {
    // As viem's readContract of aggregate3 would throw it, for every entry.
    const failure = getContractError(error as BaseError, {
      abi: multicall3Abi,
      address: multicallAddress,
      args: [aggregate],
      docsPath: '/docs/contract/multicall',
      functionName: 'aggregate3',
    });
    return calls.map(() => ({ status: 'failure', error: failure, result: undefined }));
  };
  let answered: ReadonlyArray<{ success: boolean; returnData: Hex }>;
  try {
    const { data = '0x' } = await call(client, {
      to: multicallAddress,
      data: encodeAggregate3(aggregate),
      blockNumber,
      batch: false,
    });
    answered =
      decodeAggregate3(data, calls.length) ??
      decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data });
  } catch (error) {
    return failAll(error);
  }
  if (answered.length !== calls.length) {
    return failAll(new BaseError('multicall results mismatch'));
  }
  return calls.map((c, i): Entry => {
    const { success, returnData } = answered[i];
    try {
      if (aggregate[i].callData === '0x') {
        throw new AbiDecodingZeroDataError();
      }
      if (!success) {
        throw new RawContractError({ data: returnData });
      }
      const result: unknown = decodeFunctionResult({
        abi: c.abi,
        args: c.args,
        data: returnData,
        functionName: c.functionName,
      } as Parameters<typeof decodeFunctionResult>[0]);
      return { status: 'success', result };
    } catch (error) {
      return {
        status: 'failure',
        error: getContractError(error as BaseError, {
          abi: c.abi,
          address: c.address,
          args: c.args,
          docsPath: '/docs/contract/multicall',
          functionName: c.functionName,
        }),
        result: undefined,
      };
    }
  });
}
