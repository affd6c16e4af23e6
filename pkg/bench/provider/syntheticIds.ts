/**
 * Hashes of what the proxy makes up (blocks between the world's, other makers' fill transactions):
 * a fixed 12-byte mark, then the presented block number in the last 20 bytes, so a hash the engine
 * sends back (eth_getBlockByHash, a receipt by transaction hash, a call at a block hash) tells the
 * proxy which made-up block it names without a table. A real hash starting with a mark is a 2^-96 chance.
 */
const BLOCK_MARK = 'b10cb10cb10cb10cb10cb10c';
const TRANSACTION_MARK = 'f111f111f111f111f111f111';

function hashOf(mark: string, presented: number): `0x${string}` {
  return `0x${mark}${presented.toString(16).padStart(40, '0')}`;
}

function numberOf(mark: string, hash: unknown): number | undefined {
  if (typeof hash !== 'string' || hash.length !== 66 || hash.slice(2, 26).toLowerCase() !== mark) {
    return undefined;
  }
  const n = Number.parseInt(hash.slice(26), 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const syntheticBlockHash = (presented: number) => hashOf(BLOCK_MARK, presented);
export const syntheticBlockNumber = (hash: unknown) => numberOf(BLOCK_MARK, hash);
export const syntheticTransactionHash = (presented: number) => hashOf(TRANSACTION_MARK, presented);
export const syntheticTransactionBlock = (hash: unknown) => numberOf(TRANSACTION_MARK, hash);
