/**
 * Puts Multicall3 at its canonical address on anvil, which does not predeploy it, so viem's
 * `multicall` (and the monitor's batched reads) work against the demo chain as on mainnet.
 */
import path from 'node:path';

import { getAddress, type Address, type Chain, type Hex, type TestClient, type Transport } from 'viem';
import { call, getCode, setCode } from 'viem/actions';

import { PmmError } from '../../../src/core/errors';

export const MULTICALL3_ADDRESS: Address = getAddress('0xcA11bde05977b3631167028862bE2a173976CA11');

export type AnvilTestClient = TestClient<'anvil', Transport, Chain | undefined>;

/**
 * viem keeps Multicall3's creation code (for its deployless calls) but does not export it; its package
 * "exports" map hides the module, so we load the file by path. A viem upgrade that moves it fails here,
 * loudly, rather than leaving the chain without Multicall3.
 */
export function multicall3CreationCode(): Hex {
  const viemRoot = path.dirname(require.resolve('viem/package.json'));
  const file = path.join(viemRoot, '_cjs', 'constants', 'contracts.js');
  let loaded: unknown;
  try {
    loaded = require(file);
  } catch (cause) {
    throw new PmmError('multicall3', `cannot load viem's contract constants from ${file}`, {
      fix: 'reinstall viem 2.x (npm install); pmm-monitor reads Multicall3 bytecode from it',
      cause,
    });
  }
  const code =
    typeof loaded === 'object' && loaded !== null && 'multicall3Bytecode' in loaded
      ? loaded.multicall3Bytecode
      : undefined;
  if (typeof code !== 'string' || !/^0x(?:[0-9a-f]{2})+$/i.test(code)) {
    throw new PmmError('multicall3', `viem no longer ships multicall3Bytecode in ${file}`, {
      fix: 'pin viem to a 2.x release that has it, or point multicall3.ts at its new place',
    });
  }
  return code as Hex;
}

/**
 * anvil_setCode wants the code a deployment leaves behind, not the constructor. Running the creation
 * code in an eth_call returns exactly that, without mining a block, spending a nonce or needing
 * automine, so the chain's history stays as the caller builds it.
 */
async function runtimeCode(client: AnvilTestClient, creationCode: Hex): Promise<Hex> {
  const { data } = await call(client, { data: creationCode });
  if (!data || data === '0x') {
    throw new PmmError('multicall3', 'running the Multicall3 creation code returned no runtime code', {
      fix: 'check that the node is anvil and accepts contract-creation eth_calls',
    });
  }
  return data;
}

/**
 * Installs Multicall3 (idempotent) and returns its address. State at a block only includes it from the
 * next mined block on, so install it before the blocks that should answer multicalls.
 */
export async function installMulticall3(target: AnvilTestClient | { test: AnvilTestClient }): Promise<Address> {
  const client = 'request' in target ? target : target.test;
  const expected = await runtimeCode(client, multicall3CreationCode());
  const current = await getCode(client, { address: MULTICALL3_ADDRESS });
  if (current?.toLowerCase() === expected.toLowerCase()) {
    return MULTICALL3_ADDRESS;
  }
  await setCode(client, { address: MULTICALL3_ADDRESS, bytecode: expected });
  const installed = await getCode(client, { address: MULTICALL3_ADDRESS });
  if (installed?.toLowerCase() !== expected.toLowerCase()) {
    throw new PmmError('multicall3', `anvil_setCode did not leave Multicall3 at ${MULTICALL3_ADDRESS}`, {
      fix: 'check that the node is anvil (anvil_setCode) and nothing else writes that address',
    });
  }
  return MULTICALL3_ADDRESS;
}
