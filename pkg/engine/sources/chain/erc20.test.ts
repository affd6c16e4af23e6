/**
 * ERC-20 reads against anvil with the demo tokens: balances minted by hand read back exactly, at the
 * latest block and before a change; a bad token fails its own entries, naming it, and only those.
 */
import { getAddress, parseEther, parseUnits, type Address } from 'viem';
import { getBlockNumber } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoClients, type DemoClients } from '../../../demo/chain/clients';
import { installMulticall3, MULTICALL3_ADDRESS } from '../../../demo/chain/multicall3';
import { compileSolidity } from '../../../demo/contracts/compile';
import { deploy } from '../../../demo/contracts/deploy';
import { deployTokens, mint, type Tokens } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import { startTestProxy, type TestProxy } from '../rpc/testProxy';
import { getBalances, getNativeBalances, getTokenInfo, type BalanceEntry } from './erc20';

jest.setTimeout(60_000);

/** A token of the MKR generation: symbol() returns bytes32. */
const LEGACY_TOKEN = `// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;
contract LegacyToken {
    function decimals() external pure returns (uint8) { return 18; }
    function symbol() external pure returns (bytes32) { return "MKR"; }
    function balanceOf(address) external pure returns (uint256) { return 7; }
}`;

const FRESH: Address = getAddress('0x00000000000000000000000000000000000f4e54');

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let tokens: Tokens;
let maker: Address;
let taker: Address;
let legacy: Address;
let beforeTokens: bigint;
let afterMints: bigint;
let afterTopUp: bigint;

/** Success entries as [holder, token, balance]; failures as [holder, token, source]. */
function summary(entries: BalanceEntry[]) {
  return entries.map((e) =>
    e.status === 'success' ? [e.holder, e.token, e.balance] : [e.holder, e.token, e.error.source]
  );
}

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  maker = demo.wallet('maker').account.address;
  taker = demo.wallet('taker1').account.address;
  beforeTokens = await getBlockNumber(demo.public, { cacheTime: 0 });
  // Checksummed, as the reads return addresses.
  const deployed = await deployTokens(demo);
  tokens = Object.fromEntries(
    Object.entries(deployed).map(([symbol, token]) => [symbol, { ...token, address: getAddress(token.address) }])
  ) as Tokens;
  const compiled = compileSolidity({ sources: { 'LegacyToken.sol': LEGACY_TOKEN } })['LegacyToken.sol'].LegacyToken;
  legacy = getAddress(await deploy(demo, compiled));

  await mint(demo, tokens.USDC.address, maker, parseUnits('1234.5', 6));
  await mint(demo, tokens.WETH.address, maker, parseUnits('2.25', 18));
  await mint(demo, tokens.WBTC.address, taker, 12_345_678n);
  afterMints = await getBlockNumber(demo.public, { cacheTime: 0 });
  await mint(demo, tokens.USDC.address, maker, parseUnits('100', 6));
  await demo.wallet('taker2').sendTransaction({ to: FRESH, value: parseEther('1.5') });
  afterTopUp = await getBlockNumber(demo.public, { cacheTime: 0 });

  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
});

afterAll(async () => {
  await anvil?.stop();
});

describe('getTokenInfo', () => {
  it('reads decimals and symbols, a bytes32 symbol included', async () => {
    const info = await getTokenInfo(client, {
      tokens: [tokens.WETH.address, tokens.WBTC.address, tokens.USDC.address, legacy],
    });
    expect(info).toEqual([
      { token: tokens.WETH.address, status: 'success', decimals: 18, symbol: 'WETH' },
      { token: tokens.WBTC.address, status: 'success', decimals: 8, symbol: 'WBTC' },
      { token: tokens.USDC.address, status: 'success', decimals: 6, symbol: 'USDC' },
      { token: legacy, status: 'success', decimals: 18, symbol: 'MKR' },
    ]);
  });

  it('fails only the bad entries, naming the address and what to check', async () => {
    const [usdt, eoa, notToken] = await getTokenInfo(client, {
      tokens: [tokens.USDT.address, maker, MULTICALL3_ADDRESS],
    });
    expect(usdt).toMatchObject({ status: 'success', decimals: 6, symbol: 'USDT' });
    expect(eoa.status).toBe('failure');
    expect(eoa.error).toBeInstanceOf(PmmError);
    expect(eoa.error?.source).toBe('erc20');
    expect(eoa.error?.message).toContain(`no contract at ${maker}`);
    expect(eoa.error?.fix).toBe('check the token address');
    // Multicall3 has code but no decimals(): a revert, not "no contract".
    expect(notToken.status).toBe('failure');
    expect(notToken.error?.message).toContain(`decimals() on ${MULTICALL3_ADDRESS} reverted`);
    expect(notToken.error?.message).toContain('an ERC-20 token');
  });

  it('refuses a malformed address before any request', async () => {
    const error = (await rejection(getTokenInfo(client, { tokens: ['0x1234' as Address] }))) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('erc20');
    expect(error.message).toContain('"0x1234" is not an address');
  });
});

describe('getBalances', () => {
  it('reads every (holder, token) at the latest block, with whole-token amounts', async () => {
    const balances = await getBalances(client, {
      tokens: [tokens.USDC.address, tokens.WETH.address, tokens.WBTC.address],
      holders: [maker, taker],
      blockNumber: afterTopUp,
    });
    expect(summary(balances)).toEqual([
      [maker, tokens.USDC.address, 1_334_500_000n],
      [maker, tokens.WETH.address, 2_250_000_000_000_000_000n],
      [maker, tokens.WBTC.address, 0n],
      [taker, tokens.USDC.address, 0n],
      [taker, tokens.WETH.address, 0n],
      [taker, tokens.WBTC.address, 12_345_678n],
    ]);
    const tokensOf = balances.map((e) => (e.status === 'success' ? [e.decimals, e.balanceTokens] : null));
    expect(tokensOf).toEqual([
      [6, 1334.5],
      [18, 2.25],
      [8, 0],
      [6, 0],
      [18, 0],
      [8, 0.12345678],
    ]);
  });

  it('reads the balances of a past block, before the top-up and before the tokens existed', async () => {
    const before = await getBalances(client, {
      tokens: [tokens.USDC.address],
      holders: [maker],
      blockNumber: afterMints,
    });
    expect(summary(before)).toEqual([[maker, tokens.USDC.address, 1_234_500_000n]]);

    const [missing] = await getBalances(client, {
      tokens: [tokens.USDC.address],
      holders: [maker],
      blockNumber: beforeTokens,
    });
    expect(missing.status).toBe('failure');
    expect(missing.error?.message).toBe(
      `erc20: no contract at ${tokens.USDC.address} at block ${beforeTokens} (check the token address)`
    );
  });

  it('fails the entries of a bad token only', async () => {
    const balances = await getBalances(client, {
      tokens: [tokens.USDC.address, taker],
      holders: [maker, FRESH],
      blockNumber: afterTopUp,
    });
    expect(summary(balances)).toEqual([
      [maker, tokens.USDC.address, 1_334_500_000n],
      [maker, taker, 'erc20'],
      [FRESH, tokens.USDC.address, 0n],
      [FRESH, taker, 'erc20'],
    ]);
    expect(balances[1].error?.message).toContain(`no contract at ${taker}`);
  });

  it('folds 4 tokens × 25 holders into at most 2 HTTP requests', async () => {
    const proxy: TestProxy = await startTestProxy({ target: anvil.url });
    try {
      const counted = createRpcClient({ nodes: [{ name: 'counted', url: proxy.url }] });
      const holders = Array.from(
        { length: 25 },
        (_, i) => (i === 0 ? maker : `0x${(i + 1).toString(16).padStart(40, '0')}`) as Address
      );
      proxy.reset();
      const balances = await getBalances(counted, {
        tokens: [tokens.USDC.address, tokens.WETH.address, tokens.WBTC.address, tokens.USDT.address],
        holders,
        blockNumber: afterTopUp,
      });
      expect(balances).toHaveLength(100);
      expect(balances.every((e) => e.status === 'success')).toBe(true);
      expect(proxy.requests).toBeLessThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  });

  it('reports a missing Multicall3 for the whole read, not as every token failing', async () => {
    const misconfigured = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }], multicallAddress: FRESH });
    const error = (await rejection(
      getBalances(misconfigured, { tokens: [tokens.USDC.address], holders: [maker], blockNumber: afterTopUp })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc:anvil');
    expect(error.message).toContain(`Multicall3 (${FRESH}) has no code at block ${afterTopUp}`);
  });

  it('reports a dead node for the whole read, naming the node, not the token', async () => {
    const dead = createRpcClient({ nodes: [{ name: 'dead', url: 'http://127.0.0.1:1' }], retryCount: 0 });
    const error = (await rejection(
      getBalances(dead, { tokens: [tokens.USDC.address], holders: [maker], blockNumber: afterTopUp })
    )) as PmmError;
    expect(error).toBeInstanceOf(PmmError);
    expect(error.source).toBe('rpc:dead');
  });
});

describe('getNativeBalances', () => {
  it('reads ether balances now and before a transfer', async () => {
    const [now] = await getNativeBalances(client, { holders: [FRESH], blockNumber: afterTopUp });
    expect(now).toEqual({ holder: FRESH, balance: 1_500_000_000_000_000_000n, balanceEther: 1.5 });
    const [before] = await getNativeBalances(client, { holders: [FRESH], blockNumber: afterMints });
    expect(before.balance).toBe(0n);
  });
});
