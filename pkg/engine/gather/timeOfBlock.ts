import type { BlockRef } from './prices';

/** Interpolates block times between known headers (exact where every block is known). */
export function timeOfBlock(known: readonly BlockRef[]): (block: bigint) => number {
  const sorted = [...known].sort((a, b) => (a.number < b.number ? -1 : 1));
  return (block) => {
    let lo = sorted[0];
    for (const ref of sorted) {
      if (ref.number === block) {
        return ref.timeMs;
      }
      if (ref.number < block) {
        lo = ref;
      } else {
        const span = Number(ref.number - lo.number);
        return lo.timeMs + ((ref.timeMs - lo.timeMs) * Number(block - lo.number)) / span;
      }
    }
    return lo.timeMs;
  };
}
