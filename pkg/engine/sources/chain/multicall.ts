/**
 * Multicall3's aggregate3 for readers that ask the same calls at block after block. viem's `multicall`
 * encodes every call's calldata and the aggregate3 around it anew at each block, and decodes the answer
 * through its generic ABI decoder, which copies each entry's return data through byte arrays: over a
 * month of blocks that was most of what the backend allocated (docs/backend-memory.md). Here a call's
 * calldata is encoded once and the aggregate3 around it is hand-made (aggregate3.ts); the calls of one
 * block asked together still go out as one eth_call (aggregate3Scheduler.ts).
 *
 * Entries come out exactly as viem's `multicall` (allowFailure) gives them — decoded with
 * decodeFunctionResult, a failure as viem's getContractError of a RawContractError — and a failure of
 * the whole call as viem's readContract of aggregate3 would throw it, so contractRead.ts's `settle`
 * reads both the same way.
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
  type ContractFunctionParameters,
  type Hex,
  type MulticallParameters,
  type MulticallReturnType,
} from 'viem';
import type { RpcClient } from '../rpc/rpcClient';
import { aggregate3 } from './aggregate3Scheduler';

type Call = ContractFunctionParameters;
type Entry = { status: 'success'; result: unknown } | { status: 'failure'; error: Error; result: undefined };

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
  const aggregate = calls.map((c) => ({ target: c.address, allowFailure: true, callData: callDataOrEmpty(c) }));
  const outcomes = await aggregate3(client, blockNumber, aggregate);
  const wholeCallErrors = new Map<unknown, Error>();
  /** As viem's readContract of aggregate3 would throw it: one error per cause, shared by its entries. */
  const wholeCallError = (cause: unknown): Error => {
    let error = wholeCallErrors.get(cause);
    if (!error) {
      error = getContractError(cause as BaseError, {
        abi: multicall3Abi,
        address: client.chain.contracts?.multicall3?.address,
        args: [aggregate],
        docsPath: '/docs/contract/multicall',
        functionName: 'aggregate3',
      });
      wholeCallErrors.set(cause, error);
    }
    return error;
  };
  return calls.map((c, i): Entry => {
    const outcome = outcomes[i];
    if ('error' in outcome) {
      return { status: 'failure', error: wholeCallError(outcome.error), result: undefined };
    }
    try {
      if (aggregate[i].callData === '0x') {
        throw new AbiDecodingZeroDataError();
      }
      if (!outcome.success) {
        throw new RawContractError({ data: outcome.returnData });
      }
      const result: unknown = decodeFunctionResult({
        abi: c.abi,
        args: c.args,
        data: outcome.returnData,
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
