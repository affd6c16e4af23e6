/**
 * ERC-20 reads: what a token is (decimals, symbol) and what holders hold, at any block. Balances stay
 * bigint in the token's smallest unit; `balanceTokens` is the same amount in whole tokens.
 */
import { erc20Abi, formatEther, hexToString, parseAbi, trim, type Address } from 'viem';
import { getBalance } from 'viem/actions';

import type { PmmError } from '../../../../src/core/errors';
import type { RpcClient } from '../rpc/rpcClient';
import { withRpcErrors } from '../rpc/rpcError';
import {
  atBlock,
  checkedAddresses,
  readContext,
  settle,
  toTokens,
  type CallTarget,
  type ReadEntry,
} from './contractRead';
import { multicall } from './multicall';

const SOURCE = 'erc20';

/** Early tokens (MKR, SAI) return their symbol as bytes32, not string. */
const bytes32SymbolAbi = parseAbi(['function symbol() view returns (bytes32)']);

const tokenTarget = (token: Address, call: string): CallTarget => ({
  address: token,
  call,
  kind: 'an ERC-20 token',
  fix: 'check the token address',
});

// ---- getTokenInfo ----

export interface GetTokenInfoParameters {
  tokens: readonly Address[];
  /** Default: the latest block. */
  blockNumber?: bigint;
}

export type TokenInfoEntry = ReadEntry<{ token: Address }, { decimals: number; symbol: string }>;
/** In the order of `tokens`. */
export type GetTokenInfoReturnType = TokenInfoEntry[];
export type GetTokenInfoErrorType = PmmError;

export async function getTokenInfo(
  client: RpcClient,
  { tokens, blockNumber }: GetTokenInfoParameters
): Promise<GetTokenInfoReturnType> {
  const addresses = checkedAddresses(SOURCE, tokens, 'token');
  const ctx = readContext(client, SOURCE, blockNumber);
  const action = `decimals and symbol of ${addresses.length} tokens${atBlock(blockNumber)}`;
  const [decimals, symbols] = await withRpcErrors(client, action, () =>
    Promise.all([
      multicall(client, {
        contracts: addresses.map((address) => ({ address, abi: erc20Abi, functionName: 'decimals' }) as const),
        blockNumber,
      }),
      multicall(client, {
        contracts: addresses.map((address) => ({ address, abi: erc20Abi, functionName: 'symbol' }) as const),
        blockNumber,
      }),
    ])
  );
  return Promise.all(
    addresses.map(async (token, i): Promise<TokenInfoEntry> => {
      const d = await settle(ctx, decimals[i], tokenTarget(token, 'decimals()'));
      if (!d.ok) {
        return { token, status: 'failure', error: d.error };
      }
      const s = await settle(ctx, symbols[i], tokenTarget(token, 'symbol()'));
      if (s.ok) {
        return { token, status: 'success', decimals: d.value, symbol: s.value };
      }
      if (s.kind !== 'undecodable') {
        return { token, status: 'failure', error: s.error };
      }
      const legacy = await bytes32Symbol(client, token, blockNumber);
      return legacy === undefined
        ? { token, status: 'failure', error: s.error }
        : { token, status: 'success', decimals: d.value, symbol: legacy };
    })
  );
}

async function bytes32Symbol(client: RpcClient, token: Address, blockNumber: bigint | undefined) {
  const [entry] = await withRpcErrors(client, `symbol() as bytes32 of ${token}${atBlock(blockNumber)}`, () =>
    multicall(client, {
      contracts: [{ address: token, abi: bytes32SymbolAbi, functionName: 'symbol' }],
      blockNumber,
    })
  );
  if (entry.status !== 'success') {
    return undefined;
  }
  return hexToString(trim(entry.result, { dir: 'right' }));
}

// ---- getBalances ----

export interface GetBalancesParameters {
  tokens: readonly Address[];
  holders: readonly Address[];
  blockNumber: bigint;
}

export type BalanceEntry = ReadEntry<
  { holder: Address; token: Address },
  {
    /** In the token's smallest unit. */
    balance: bigint;
    decimals: number;
    /** `balance` in whole tokens. */
    balanceTokens: number;
  }
>;
/** Holder-major: every token of the first holder, then of the second… A bad token fails its own entries only. */
export type GetBalancesReturnType = BalanceEntry[];
export type GetBalancesErrorType = PmmError;

export async function getBalances(
  client: RpcClient,
  { tokens, holders, blockNumber }: GetBalancesParameters
): Promise<GetBalancesReturnType> {
  const tokenAddresses = checkedAddresses(SOURCE, tokens, 'token');
  const holderAddresses = checkedAddresses(SOURCE, holders, 'holder');
  const ctx = readContext(client, SOURCE, blockNumber);
  const pairs = holderAddresses.flatMap((holder) => tokenAddresses.map((token) => ({ holder, token })));
  const action = `${pairs.length} ERC-20 balances${atBlock(blockNumber)}`;
  const [decimals, balances] = await withRpcErrors(client, action, () =>
    Promise.all([
      multicall(client, {
        contracts: tokenAddresses.map((address) => ({ address, abi: erc20Abi, functionName: 'decimals' }) as const),
        blockNumber,
      }),
      multicall(client, {
        contracts: pairs.map(
          ({ holder, token }) => ({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [holder] }) as const
        ),
        blockNumber,
      }),
    ])
  );
  const decimalsOf = await Promise.all(
    tokenAddresses.map((token, i) => settle(ctx, decimals[i], tokenTarget(token, 'decimals()')))
  );
  return Promise.all(
    pairs.map(async ({ holder, token }, i): Promise<BalanceEntry> => {
      const d = decimalsOf[i % tokenAddresses.length];
      if (!d.ok) {
        return { holder, token, status: 'failure', error: d.error };
      }
      const b = await settle(ctx, balances[i], tokenTarget(token, `balanceOf(${holder})`));
      if (!b.ok) {
        return { holder, token, status: 'failure', error: b.error };
      }
      return {
        holder,
        token,
        status: 'success',
        balance: b.value,
        decimals: d.value,
        balanceTokens: toTokens(b.value, d.value),
      };
    })
  );
}

// ---- getNativeBalances ----

export interface GetNativeBalancesParameters {
  holders: readonly Address[];
  blockNumber: bigint;
}

export interface NativeBalance {
  holder: Address;
  /** Wei. */
  balance: bigint;
  /** `balance` in ether. */
  balanceEther: number;
}
/** In the order of `holders`. */
export type GetNativeBalancesReturnType = NativeBalance[];
export type GetNativeBalancesErrorType = PmmError;

/** eth_getBalance per holder, sent at once so the transport batches them; only a node can fail it. */
export async function getNativeBalances(
  client: RpcClient,
  { holders, blockNumber }: GetNativeBalancesParameters
): Promise<GetNativeBalancesReturnType> {
  const addresses = checkedAddresses(SOURCE, holders, 'holder');
  return Promise.all(
    addresses.map(async (holder) => {
      const balance = await withRpcErrors(client, `eth_getBalance ${holder}${atBlock(blockNumber)}`, () =>
        getBalance(client, { address: holder, blockNumber })
      );
      return { holder, balance, balanceEther: Number(formatEther(balance)) };
    })
  );
}
