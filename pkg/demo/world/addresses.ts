/** Where everything of the demo world lives: written into the demo's data source config. */
import type { Address } from 'viem';

import type { AaveMarket } from '../contracts/aave';
import type { Asset } from '../sim/scenario';

export interface WorldAddresses {
  chainId: number;
  multicall3: Address;
  tokens: Record<Asset, Address>;
  feeds: Record<Asset, Address>;
  /** The market's addresses and premium; its ABIs stay with the deployer (the settings carry addresses). */
  aave: Omit<AaveMarket, 'abis'>;
  comet: { market: Address; baseToken: Address };
  limitOrderProtocol: Address;
  flashLoanReceiver: Address;
  wallets: { maker: Address; treasury: Address; settlement: Address };
  takers: Address[];
  /** The hedge venue's deposit address (an EOA): a wallet's transfer to it funds the venue account. */
  hedgeDeposit: Address;
  /** Outside the portfolio: where capital comes from and profit goes. */
  investor: Address;
}
