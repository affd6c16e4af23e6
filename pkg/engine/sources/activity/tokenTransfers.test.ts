/**
 * getTokenTransfers against anvil with the demo tokens: transfers into and out of the accounts, whoever
 * sent them, each once (one between two accounts matches both filters), in chain order; others' are left
 * out, and a bad range is refused before any request.
 */
import { encodeFunctionData, erc20Abi, getAddress, parseUnits, type Address } from 'viem';
import { getBlockNumber } from 'viem/actions';

import { PmmError } from '../../../../src/core/errors';
import { rejection } from '../../../../tests/support/rejection';
import { startAnvil, type AnvilHandle } from '../../../demo/chain/anvil';
import { demoAccount, demoClients, type DemoClients, type Role } from '../../../demo/chain/clients';
import { installMulticall3 } from '../../../demo/chain/multicall3';
import { transact } from '../../../demo/contracts/deploy';
import { deployTokens, mint, type Tokens } from '../../../demo/contracts/tokens';
import { createRpcClient, type RpcClient } from '../rpc/rpcClient';
import { getTokenTransfers } from './tokenTransfers';

jest.setTimeout(60_000);

let anvil: AnvilHandle;
let demo: DemoClients;
let client: RpcClient;
let tokens: Tokens;
let from: bigint;
let to: bigint;
const address = (role: Role): Address => demoAccount(role).address;

async function send(role: Role, token: Address, recipient: Address, amount: bigint): Promise<void> {
  await transact(
    demo,
    role,
    { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] }) },
    { source: 'demo-tokens', step: `a transfer from ${role}`, fix: 'none: a test' }
  );
}

beforeAll(async () => {
  anvil = await startAnvil();
  demo = demoClients(anvil.url);
  await installMulticall3(demo);
  const deployed = await deployTokens(demo);
  tokens = Object.fromEntries(
    Object.entries(deployed).map(([symbol, token]) => [symbol, { ...token, address: getAddress(token.address) }])
  ) as Tokens;
  await mint(demo, tokens.USDC.address, address('investor'), parseUnits('1000', 6));
  await mint(demo, tokens.WETH.address, address('taker1'), parseUnits('5', 18));
  from = (await getBlockNumber(demo.public, { cacheTime: 0 })) + 1n;
  // in: the investor deposits into the treasury; between: the treasury moves some to the maker;
  // out: the maker withdraws to the investor; others': a taker pays a taker.
  await send('investor', tokens.USDC.address, address('treasury'), parseUnits('600', 6));
  await send('treasury', tokens.USDC.address, address('maker'), parseUnits('250', 6));
  await send('maker', tokens.USDC.address, address('investor'), parseUnits('100', 6));
  await send('taker1', tokens.WETH.address, address('taker2'), parseUnits('1', 18));
  to = await getBlockNumber(demo.public, { cacheTime: 0 });
  client = createRpcClient({ nodes: [{ name: 'anvil', url: anvil.url }] });
});

afterAll(async () => {
  await anvil?.stop();
});

describe('getTokenTransfers', () => {
  it('reads every transfer into or out of the accounts, each once, in chain order', async () => {
    const transfers = await getTokenTransfers(client, {
      tokens: [tokens.USDC.address, tokens.WETH.address],
      accounts: [address('maker'), address('treasury')],
      fromBlock: from,
      toBlock: to,
    });
    expect(transfers.map((t) => [t.token, t.from, t.to, t.amount])).toEqual([
      [tokens.USDC.address, address('investor'), address('treasury'), 600_000_000n],
      [tokens.USDC.address, address('treasury'), address('maker'), 250_000_000n],
      [tokens.USDC.address, address('maker'), address('investor'), 100_000_000n],
    ]);
    expect(new Set(transfers.map((t) => t.txHash)).size).toBe(3);
    expect(transfers.every((t) => t.blockNumber >= from && t.blockNumber <= to)).toBe(true);
  });

  it('reads nothing without tokens or accounts, and refuses an empty range before asking', async () => {
    expect(
      await getTokenTransfers(client, { tokens: [], accounts: [address('maker')], fromBlock: from, toBlock: to })
    ).toEqual([]);
    const error = await rejection(
      getTokenTransfers(client, {
        tokens: [tokens.USDC.address],
        accounts: [address('maker')],
        fromBlock: to,
        toBlock: from,
      })
    );
    expect(error).toBeInstanceOf(PmmError);
    expect((error as PmmError).source).toBe('erc20');
  });
});
