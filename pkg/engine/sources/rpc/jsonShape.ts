/**
 * The outline of a JSON-RPC answer, read from its bytes without parsing it: whether it is one whole
 * object or array (brackets balanced outside strings, nothing after it) and, for an array, how many
 * entries it holds. viem parses every answer anyway; this lets nodeFetch tell a complete batch answer
 * from a truncated or non-JSON body, or one with entries missing, without a second parse of the same
 * megabytes (docs/backend-memory.md). Values inside are not validated: viem's parse does that.
 */
export type JsonShape = { kind: 'object' } | { kind: 'array'; entries: number };

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

export function jsonShape(bytes: Uint8Array): JsonShape | undefined {
  let at = 0;
  while (at < bytes.length && SPACE.has(bytes[at])) {
    at++;
  }
  const first = bytes[at];
  if (!OPENERS.has(first)) {
    return undefined;
  }
  let depth = 0;
  let inString = false;
  let escaped = false;
  let commas = 0;
  let topLevelValue = false;
  for (; at < bytes.length; at++) {
    const byte = bytes[at];
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (byte === BACKSLASH) {
        escaped = true;
      } else if (byte === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (SPACE.has(byte)) {
      continue;
    }
    if (depth === 1 && !CLOSERS.has(byte)) {
      topLevelValue = true;
    }
    if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth++;
    } else if (CLOSERS.has(byte)) {
      depth--;
      if (depth === 0) {
        break;
      }
    } else if (byte === COMMA && depth === 1) {
      commas++;
    }
  }
  if (depth !== 0 || at >= bytes.length) {
    return undefined;
  }
  for (at++; at < bytes.length; at++) {
    if (!SPACE.has(bytes[at])) {
      return undefined;
    }
  }
  return first === 0x7b ? { kind: 'object' } : { kind: 'array', entries: topLevelValue ? commas + 1 : 0 };
}
