/**
 * The market maker's Aave V3 flash-loan receiver (FlashLoanReceiver.sol). Deployed by the maker, who
 * alone may start loans and who pre-funds it with the premiums, so the loans show up on chain exactly
 * like a real strategy's: a FlashLoan event with the receiver as target and initiator.
 */
import { parseAbi, type Address } from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients, Role } from '../chain/clients';
import { compileSolidity, ownSource, type CompiledContract } from './compile';
import { deploy } from './deploy';

/** Written out so viem types every call; a test checks it against the compiled contract. */
export const flashLoanReceiverAbi = parseAbi([
  'function owner() view returns (address)',
  'function lastPool() view returns (address)',
  'function POOL() view returns (address)',
  'function ADDRESSES_PROVIDER() view returns (address)',
  'function run(address pool, address asset, uint256 amount)',
  'function executeOperation(address asset, uint256 amount, uint256 premium, address initiator, bytes) returns (bool)',
  'error NotOwner()',
  'error NotPool()',
  'error NotInitiator()',
  'error ApproveFailed()',
]);

/** The compiled FlashLoanReceiver.sol, from the solc cache after the first call. */
export function flashLoanReceiverContract(): CompiledContract {
  const contract = compileSolidity({ sources: ownSource('FlashLoanReceiver.sol') })['FlashLoanReceiver.sol']
    ?.FlashLoanReceiver;
  if (!contract) {
    throw new PmmError('demo-flashloan', 'FlashLoanReceiver.sol compiled without a FlashLoanReceiver contract', {
      fix: 'check pkg/demo/contracts/sol/FlashLoanReceiver.sol',
    });
  }
  return contract;
}

/** The deploying role becomes the receiver's owner: the only account allowed to `run` it. */
export async function deployFlashLoanReceiver(
  clients: DemoClients,
  owner: Role = 'maker'
): Promise<{ address: Address; abi: typeof flashLoanReceiverAbi }> {
  const address = await deploy(clients, flashLoanReceiverContract(), [], owner);
  return { address, abi: flashLoanReceiverAbi };
}
