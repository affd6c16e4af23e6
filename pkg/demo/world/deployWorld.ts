/**
 * Puts the demo world's contracts on the chain and hands the market maker and the takers their
 * opening balances and approvals. Runs with automining on, before the simulated month begins.
 */
import { encodeFunctionData, maxUint256, parseEther, parseUnits, type Address } from 'viem';

import type { DemoClients, Role } from '../chain/clients';
import { installMulticall3 } from '../chain/multicall3';
import { deployAaveMarket } from '../contracts/aave';
import { deployComet } from '../contracts/comet';
import { deployFeeds } from '../contracts/feeds';
import { deployFlashLoanReceiver } from '../contracts/flashloan';
import { deployLimitOrderProtocol } from '../contracts/lop';
import { transact } from '../contracts/deploy';
import { deployTokens, mint, tokenAbi } from '../contracts/tokens';
import { START_PRICES } from '../sim/market';
import { CAPITAL_DEPOSIT, GAS_FLOAT_ETH, OPENING_BALANCES, RECEIVER_PREMIUM_FUND, TAKERS } from '../sim/plan';
import { ASSETS, DECIMALS, type Asset } from '../sim/scenario';
import type { WorldAddresses } from './addresses';

const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** Takers hold plenty of everything, so a fill only fails when the simulation means it to. */
const TAKER_BALANCE: Record<Asset, number> = { WETH: 100_000, WBTC: 5_000, USDC: 500_000_000, USDT: 500_000_000 };

/**
 * Liquidation thresholds of WETH collateral: Aave's WETH reserve (contracts/aave.ts RESERVES, 8,250 bps)
 * and Comet's liquidateCollateralFactor below. The live demo's price drop aims its buffer with them.
 */
export const WETH_LIQUIDATION_THRESHOLDS = { aave: 0.825, comet: 0.895 } as const;

export function units(amount: number, asset: Asset): bigint {
  return parseUnits(amount.toFixed(Math.min(DECIMALS[asset], 8)), DECIMALS[asset]);
}

async function approve(clients: DemoClients, role: Role, token: Address, spender: Address) {
  await transact(
    clients,
    role,
    { to: token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [spender, maxUint256] }) },
    { source: 'demo world', step: `${role} approving ${spender} on ${token}`, fix: 'a set-up bug' }
  );
}

export async function deployWorld(clients: DemoClients): Promise<WorldAddresses> {
  await installMulticall3(clients);
  const tokenInfo = await deployTokens(clients);
  const tokens = Object.fromEntries(ASSETS.map((a) => [a, tokenInfo[a].address])) as Record<Asset, Address>;
  const feeds = await deployFeeds(clients, START_PRICES);
  const aave = await deployAaveMarket(clients, tokenInfo, feeds);
  const { abis: _abis, ...aaveAddresses } = aave;
  const comet = await deployComet(clients, {
    baseToken: tokens.USDC,
    baseFeed: feeds.USDC,
    collaterals: [
      {
        asset: tokens.WETH,
        feed: feeds.WETH,
        scale: 10n ** 18n,
        borrowCF: 0.825,
        liquidateCF: WETH_LIQUIDATION_THRESHOLDS.comet,
        liquidationFactor: 0.95,
      },
      {
        asset: tokens.WBTC,
        feed: feeds.WBTC,
        scale: 10n ** 8n,
        borrowCF: 0.7,
        liquidateCF: 0.77,
        liquidationFactor: 0.95,
      },
    ],
    borrowApr: 0.05,
  });
  const lop = await deployLimitOrderProtocol(clients, tokens.WETH);
  const receiver = await deployFlashLoanReceiver(clients, 'maker');

  const address = (role: Role) => clients.wallet(role).account.address;
  // Comet lends out what the deployer supplies.
  await mint(clients, tokens.USDC, address('deployer'), units(2_000_000, 'USDC'));
  await approve(clients, 'deployer', tokens.USDC, comet.address);
  await transact(
    clients,
    'deployer',
    {
      to: comet.address,
      data: encodeFunctionData({
        abi: comet.abi,
        functionName: 'supply',
        args: [tokens.USDC, units(2_000_000, 'USDC')],
      }),
    },
    { source: 'demo world', step: 'seeding the Comet market with USDC', fix: 'a set-up bug' }
  );

  for (const asset of ASSETS) {
    for (const wallet of ['maker', 'treasury'] as const) {
      await mint(clients, tokens[asset], address(wallet), units(OPENING_BALANCES[wallet][asset], asset));
    }
    for (const spender of [lop, aave.pool, comet.address]) {
      await approve(clients, 'maker', tokens[asset], spender);
    }
    for (const taker of TAKERS) {
      await mint(clients, tokens[asset], address(taker), units(TAKER_BALANCE[asset], asset));
      await approve(clients, taker, tokens[asset], lop);
    }
  }
  await mint(clients, tokens.USDC, receiver.address, units(RECEIVER_PREMIUM_FUND, 'USDC'));
  // The outside investor holds the capital it deposits during the month.
  await mint(
    clients,
    tokens[CAPITAL_DEPOSIT.asset],
    address('investor'),
    units(CAPITAL_DEPOSIT.amount, CAPITAL_DEPOSIT.asset)
  );
  await setGasFloats(clients);

  return {
    chainId: clients.chain.id,
    multicall3: MULTICALL3,
    tokens,
    feeds,
    aave: aaveAddresses,
    comet: { market: comet.address, baseToken: tokens.USDC },
    limitOrderProtocol: lop,
    flashLoanReceiver: receiver.address,
    wallets: { maker: address('maker'), treasury: address('treasury'), settlement: address('settlement') },
    takers: TAKERS.map((taker) => address(taker)),
    hedgeDeposit: address('hedgeDeposit'),
    investor: address('investor'),
  };
}

/**
 * The desk's wallets hold a gas float, not anvil's 10,000 test ETH: set once set-up has paid its own
 * gas, then sealed in a block of its own, so the last set-up block (the state before the month) holds
 * exactly the float. Accounts outside the desk keep their test funds.
 */
async function setGasFloats(clients: DemoClients): Promise<void> {
  for (const [role, eth] of Object.entries(GAS_FLOAT_ETH) as Array<[Role, number]>) {
    await clients.test.setBalance({ address: clients.wallet(role).account.address, value: parseEther(String(eth)) });
  }
  await clients.test.mine({ blocks: 1 });
}
