/** Deploys a compiled contract and waits for it: the one way every demo contract goes on chain. */
import type { Abi, Address, Hash, Hex } from 'viem';

import { PmmError, type PmmSource } from '../../../src/core/errors';
import type { DemoClients, Role } from '../chain/clients';
import type { CompiledContract, LinkReferences } from './compile';

/** Writes library addresses into creation bytecode at solc's link offsets. */
export function linkBytecode(bytecode: Hex, linkReferences: LinkReferences, libraries: Record<string, Address>): Hex {
  let code = bytecode.slice(2);
  for (const [, libs] of Object.entries(linkReferences)) {
    for (const [name, offsets] of Object.entries(libs)) {
      const address = libraries[name];
      if (!address) {
        throw new PmmError('deploy', `library ${name} has no address`, { fix: 'deploy it first and pass it in' });
      }
      for (const { start, length } of offsets) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}

export async function deploy(
  clients: DemoClients,
  contract: { abi: Abi | readonly unknown[]; bytecode: Hex },
  args: readonly unknown[] = [],
  role: Role = 'deployer'
): Promise<Address> {
  const hash = await clients
    .wallet(role)
    .deployContract({ abi: contract.abi as Abi, bytecode: contract.bytecode, args });
  const receipt = await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new PmmError('deploy', `deployment reverted (tx ${hash})`, { fix: 'check the constructor arguments' });
  }
  return receipt.contractAddress;
}

export type { CompiledContract };

/**
 * Sends one set-up call, waits for it, and fails loudly naming the step when it reverted: set-up
 * runs with automining on, so waiting costs one block.
 */
export async function transact(
  clients: DemoClients,
  role: Role,
  call: { to: Address; data: Hex },
  failure: { source: PmmSource; step: string; fix: string }
): Promise<Hash> {
  const hash = await clients.wallet(role).sendTransaction(call);
  const receipt = await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') {
    throw new PmmError(failure.source, `${failure.step} reverted (tx ${hash})`, { fix: failure.fix });
  }
  return hash;
}
