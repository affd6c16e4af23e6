/**
 * A rough byte estimate of a decoded RPC value, for the cache's memory budget. It only has to be
 * proportional to the real footprint (V8 gives no exact size), and it stops at a fixed depth and
 * breadth so that sizing a large value never costs more than reading it did.
 */
const OBJECT_OVERHEAD = 32;
const SLOT = 8;
const MAX_DEPTH = 6;

export function approximateBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return 16 + 2 * value.length;
    case 'number':
    case 'boolean':
    case 'undefined':
      return SLOT;
    case 'bigint':
      // 64-bit digits plus a header; uint256 values are the common case.
      return 16 + 8 * Math.ceil(value.toString(16).length / 16);
    case 'object':
      return value === null ? SLOT : objectBytes(value, depth);
    default:
      return SLOT;
  }
}

function objectBytes(value: object, depth: number): number {
  if (depth >= MAX_DEPTH) {
    return OBJECT_OVERHEAD;
  }
  if (ArrayBuffer.isView(value)) {
    return OBJECT_OVERHEAD + value.byteLength;
  }
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  let total = OBJECT_OVERHEAD;
  for (const child of children) {
    total += SLOT + approximateBytes(child, depth + 1);
  }
  return total;
}
