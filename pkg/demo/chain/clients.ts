/**
 * The viem clients the demo world drives its chain with. One place decides the accounts and their
 * roles, so the simulator, the ledger and the demo's data source config agree on who is who.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  hexToBigInt,
  http,
  toHex,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

/** anvil's default mnemonic: the demo world holds no real funds. */
export const DEMO_MNEMONIC = 'test test test test test test test test test test test junk';

/**
 * Index in the mnemonic = position here. investor: the outside address that brings capital in and
 * takes profit out; hedgeDeposit: the hedge venue's deposit address (an EOA that only receives).
 */
export const ROLES = [
  'deployer',
  'maker',
  'settlement',
  'treasury',
  'taker1',
  'taker2',
  'taker3',
  'taker4',
  'investor',
  'hedgeDeposit',
] as const;
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

/**
 * anvil estimates gas exactly for the pending block; a set-up call mined a second later can take a
 * costlier path (Comet and Aave accrue interest once per new timestamp) and run out of gas. On a busy
 * machine that second passes often enough to fail tests, so wallets pad every estimate by half (a
 * Comet withdrawal estimated at 77k gas was seen to need 96.7k), and by at least ACCRUAL_HEADROOM_GAS:
 * the first accrual of a fresh market writes zero slots (20k gas each), which half of a small estimate
 * did not cover ("seeding the Comet market with USDC reverted" on a loaded machine). Only the limit
 * grows: the gas a transaction uses, which the KPIs read, is the same.
 *
 * viem (2.4x on) asks the node to fill a transaction (`eth_fillTransaction`) before it falls back on
 * `eth_estimateGas`, and anvil answers it with an unpadded limit: the Comet seeding went out with
 * 99,699 gas for 94,899 used and reverted whenever its accrual cost more. Both answers are padded.
 */
const ACCRUAL_HEADROOM_GAS = 150_000n;

function paddedGas(estimate: bigint): bigint {
  const byHalf = (estimate * 3n) / 2n;
  const byHeadroom = estimate + ACCRUAL_HEADROOM_GAS;
  return byHalf > byHeadroom ? byHalf : byHeadroom;
}

function isHex(value: unknown): value is Hex {
  return typeof value === 'string' && value.startsWith('0x');
}

/** `eth_fillTransaction` answers `{ raw, tx }`; only `tx.gas` changes (viem signs `tx`, not `raw`). */
function paddedFill(result: unknown): unknown {
  if (typeof result !== 'object' || result === null || !('tx' in result)) {
    return result;
  }
  const { tx } = result;
  if (typeof tx !== 'object' || tx === null || !('gas' in tx) || !isHex(tx.gas)) {
    return result;
  }
  return { ...result, tx: { ...tx, gas: toHex(paddedGas(hexToBigInt(tx.gas))) } };
}

function paddedEstimates(base: Transport): Transport {
  return (options) => {
    const inner = base(options);
    return {
      ...inner,
      async request(args: { method: string; params?: unknown }) {
        const result = await inner.request(args);
        if (args.method === 'eth_estimateGas' && isHex(result)) {
          return toHex(paddedGas(hexToBigInt(result)));
        }
        if (args.method === 'eth_fillTransaction') {
          return paddedFill(result);
        }
        return result;
      },
    } as ReturnType<Transport>;
  };
}

export function demoClients(url: string, chainId: number = foundry.id): DemoClients {
  const chain: Chain = { ...foundry, id: chainId, rpcUrls: { default: { http: [url] } } };
  const transport = http(url, { batch: true, timeout: 30_000 });
  const walletTransport = paddedEstimates(transport);
  const wallets = new Map<Role, WalletClient<Transport, Chain, Account>>();
  return {
    chain,
    rpcUrl: url,
    public: createPublicClient({ chain, transport }),
    test: createTestClient({ chain, mode: 'anvil', transport }),
    wallet(role) {
      let client = wallets.get(role);
      if (!client) {
        client = createWalletClient({ chain, transport: walletTransport, account: demoAccount(role) });
        wallets.set(role, client);
      }
      return client;
    },
  };
}
