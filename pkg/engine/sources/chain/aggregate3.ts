/**
 * Multicall3's aggregate3, encoded and decoded by hand: the calldata is joined from each call's own
 * (already encoded) calldata, and the answer's outer layer is read by slicing its hex. viem's generic
 * ABI codec did the same work through byte arrays at every block (docs/backend-memory.md). Checked
 * against viem's encoder and decoder in aggregate3.test.ts.
 */
import type { Address, Hex } from 'viem';

/** aggregate3((address,bool,bytes)[]) */
const AGGREGATE3_SELECTOR = '82ad56cb';
const WORD = 64; // hex characters

export interface Aggregate3Call {
  target: Address;
  allowFailure: boolean;
  callData: Hex;
}

export interface Aggregate3Result {
  success: boolean;
  returnData: Hex;
}

const word = (value: number) => value.toString(16).padStart(WORD, '0');

/** One aggregate3 entry's tail: target, allowFailure, the offset of its bytes (3 words), the bytes. */
function entryEncoding({ target, allowFailure, callData }: Aggregate3Call): string {
  const bytes = callData.slice(2);
  const padded = bytes.padEnd(Math.ceil(bytes.length / WORD) * WORD, '0');
  const head = `${target.slice(2).toLowerCase().padStart(WORD, '0')}${word(allowFailure ? 1 : 0)}${word(3 * 32)}`;
  return `${head}${word(bytes.length / 2)}${padded}`;
}

/** aggregate3's calldata: the selector, the array's offset and length, each entry's offset, the entries. */
export function encodeAggregate3(calls: readonly Aggregate3Call[]): Hex {
  const entries = calls.map(entryEncoding);
  const heads: string[] = [];
  let offset = entries.length * 32;
  for (const entry of entries) {
    heads.push(word(offset));
    offset += entry.length / 2;
  }
  return `0x${AGGREGATE3_SELECTOR}${word(32)}${word(entries.length)}${heads.join('')}${entries.join('')}`;
}

/**
 * aggregate3's answer, `(bool success, bytes returnData)[]`, read by slicing; undefined when it is not
 * laid out as expected (then viem's own decoder reads it, and names what is wrong).
 */
export function decodeAggregate3(data: Hex, count: number): Aggregate3Result[] | undefined {
  const hex = data.slice(2);
  const at = (byte: number) => Number.parseInt(hex.slice(byte * 2, byte * 2 + WORD), 16);
  if (hex.length < 2 * WORD || at(0) !== 32 || at(32) !== count) {
    return undefined;
  }
  const start = 64; // the array's first offset word, in bytes
  const out: Aggregate3Result[] = [];
  for (let i = 0; i < count; i++) {
    const entry = start + at(start + i * 32);
    const success = at(entry);
    const bytesAt = entry + at(entry + 32);
    const length = at(bytesAt);
    const end = (bytesAt + 32 + length) * 2;
    if (!(success === 0 || success === 1) || !Number.isSafeInteger(length) || end > hex.length) {
      return undefined;
    }
    out.push({ success: success === 1, returnData: `0x${hex.slice((bytesAt + 32) * 2, end)}` });
  }
  return out;
}
