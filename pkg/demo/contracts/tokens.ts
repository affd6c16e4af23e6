/**
 * The demo world's ERC-20s, deployed from Aave's own mock token artifacts (@aave/core-v3), so the
 * tokens the Aave market lists are the ones its test suite was written against.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { encodeFunctionData, erc20Abi, parseAbi, type Abi, type Address, type Hex } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients } from '../chain/clients';
import type { LinkReferences } from './compile';
import { deploy, transact } from './deploy';

export const TOKEN_SYMBOLS = ['WETH', 'WBTC', 'USDC', 'USDT'] as const;
export type TokenSymbol = (typeof TOKEN_SYMBOLS)[number];

export interface TokenInfo {
  address: Address;
  decimals: number;
  symbol: string;
}
export type Tokens = Record<TokenSymbol, TokenInfo>;

/**
 * Reads plus Aave's open mint. Both MintableERC20 and WETH9Mocked expose the same
 * `mint(address,uint256)`, so one fragment serves every demo token.
 */
export const tokenAbi = [
  ...erc20Abi,
  ...parseAbi(['function mint(address account, uint256 value) returns (bool)']),
] as const;

export interface HardhatArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: LinkReferences;
}

/** Loads a Hardhat artifact of @aave/core-v3 by its path under `contracts/`, e.g. "protocol/pool/Pool". */
export function aaveArtifact(contractPath: string): HardhatArtifact {
  const name = path.basename(contractPath);
  let file: string;
  try {
    const root = path.dirname(require.resolve('@aave/core-v3/package.json'));
    file = path.join(root, 'artifacts', 'contracts', `${contractPath}.sol`, `${name}.json`);
    return JSON.parse(readFileSync(file, 'utf8')) as HardhatArtifact;
  } catch (cause) {
    throw new PmmError('demo-aave', `cannot read the Aave artifact ${contractPath}`, {
      fix: 'run npm install (the demo world needs @aave/core-v3 with its artifacts)',
      cause,
    });
  }
}

const MINTABLE: Record<Exclude<TokenSymbol, 'WETH'>, { name: string; decimals: number }> = {
  WBTC: { name: 'Wrapped BTC', decimals: 8 },
  USDC: { name: 'USD Coin', decimals: 6 },
  USDT: { name: 'Tether USD', decimals: 6 },
};

export async function deployTokens(clients: DemoClients): Promise<Tokens> {
  // WETH9Mocked rather than a MintableERC20 named WETH: it keeps deposit/withdraw, so ETH wraps as on mainnet.
  const weth = await deploy(clients, aaveArtifact('mocks/tokens/WETH9Mocked'));
  const mintable = aaveArtifact('mocks/tokens/MintableERC20');
  const tokens: Partial<Tokens> = { WETH: { address: weth, decimals: 18, symbol: 'WETH' } };
  for (const [symbol, { name, decimals }] of Object.entries(MINTABLE)) {
    const address = await deploy(clients, mintable, [name, symbol, decimals]);
    tokens[symbol as TokenSymbol] = { address, decimals, symbol };
  }
  return tokens as Tokens;
}

/**
 * Mints `amount` (in the token's smallest unit) to `to`. Aave's mocks let anyone mint, so the
 * deployer pays the gas for everyone. WETH minted this way is not backed by ETH: withdrawing more
 * than was deposited reverts.
 */
export async function mint(clients: DemoClients, token: Address, to: Address, amount: bigint): Promise<void> {
  await transact(
    clients,
    'deployer',
    { to: token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, amount] }) },
    {
      source: 'demo-tokens',
      step: `minting ${amount} of ${token} to ${to}`,
      fix: 'check that the token is one of the demo tokens',
    }
  );
}
