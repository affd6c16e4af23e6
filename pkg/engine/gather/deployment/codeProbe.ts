/** Whether a contract has code at a block: one eth_getCode, remembered across queries (knownSince.ts). */
import type { Address } from 'viem';
import { getCode } from 'viem/actions';

import { withRpcErrors } from '../../sources/rpc/rpcError';
import type { RpcClient } from '../../sources/rpc/rpcClient';
import { remembered, type KnownSince } from './knownSince';

export type HasCodeAt = (address: Address, block: bigint) => Promise<boolean>;

export function codeProbe(client: RpcClient, known: KnownSince): HasCodeAt {
  return (address, block) =>
    remembered(known, `code:${address.toLowerCase()}`, async (at) => {
      const code = await withRpcErrors(client, `eth_getCode ${address} at block ${at}`, () =>
        getCode(client, { address, blockNumber: at })
      );
      return code !== undefined && code !== '0x';
    })(block);
}
