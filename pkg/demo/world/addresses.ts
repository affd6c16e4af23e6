/** Where everything of the demo world lives: written into the demo's data source config. */
import type { Address } from 'viem';

import type { Asset } from '../sim/scenario';

export interface WorldAddresses {
  chainId: number;
  multicall3: Address;
  tokens: Record<Asset, Address>;
  feeds: Record<Asset, Address>;
  aave: {
    pool: Address;
    addressesProvider: Address;
    dataProvider: Address;
    oracle: Address;
    aTokens: Record<Asset, Address>;
    variableDebtTokens: Record<Asset, Address>;
    flashLoanPremiumBps: number;
  };
  comet: { market: Address; baseToken: Address };
  limitOrderProtocol: Address;
  flashLoanReceiver: Address;
  wallets: { maker: Address; treasury: Address; settlement: Address };
  takers: Address[];
}
