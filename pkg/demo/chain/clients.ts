/**
 * The viem clients the demo world drives its chain with. One place decides the accounts and their
 * roles, so the simulator, the ledger and the demo's data source config agree on who is who.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type Account,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

/** anvil's default mnemonic: the demo world holds no real funds. */
export const DEMO_MNEMONIC = 'test test test test test test test test test test test junk';

export const ROLES = ['deployer', 'maker', 'settlement', 'treasury', 'taker1', 'taker2', 'taker3', 'taker4'] as const;
export type Role = (typeof ROLES)[number];

export function demoAccount(role: Role): Account {
  return mnemonicToAccount(DEMO_MNEMONIC, { addressIndex: ROLES.indexOf(role) });
}

export interface DemoClients {
  chain: Chain;
  rpcUrl: string;
  public: PublicClient<Transport, Chain>;
  test: TestClient<'anvil', Transport, Chain>;
  /** A wallet client per role, each signing locally with its own key. */
  wallet(role: Role): WalletClient<Transport, Chain, Account>;
}

export function demoClients(url: string, chainId: number = foundry.id): DemoClients {
  const chain: Chain = { ...foundry, id: chainId, rpcUrls: { default: { http: [url] } } };
  const transport = http(url, { batch: true, timeout: 30_000 });
  const wallets = new Map<Role, WalletClient<Transport, Chain, Account>>();
  return {
    chain,
    rpcUrl: url,
    public: createPublicClient({ chain, transport }),
    test: createTestClient({ chain, mode: 'anvil', transport }),
    wallet(role) {
      let client = wallets.get(role);
      if (!client) {
        client = createWalletClient({ chain, transport, account: demoAccount(role) });
        wallets.set(role, client);
      }
      return client;
    },
  };
}
