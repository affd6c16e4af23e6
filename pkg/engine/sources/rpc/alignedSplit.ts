/**
 * Where a search splits block range [from, to] (from < to) into [from, m] and [m + 1, to]: m + 1 is
 * the block in (from, to] with the most trailing zero bits (a multiple of the largest power of two
 * there). A midpoint moves with the window, so a refreshed window whose end moved by a block asked
 * for every nonce (369 reads after one live block, refresh bench) and every refused eth_getLogs half
 * afresh; aligned splits depend on the window's ends only where a larger power of two falls in
 * between, so the searches of consecutive refreshes share their reads.
 */
export function alignedSplit(from: bigint, to: bigint): bigint {
  let power = 1n;
  while (power * 2n <= to) {
    power *= 2n;
  }
  while (power > 1n && (to / power) * power <= from) {
    power /= 2n;
  }
  return (to / power) * power - 1n;
}
