/** Token amounts (integers in the token's smallest unit) as numbers of whole tokens. */
export function wholeTokens(amount: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  // Integer and fraction apart: a balance of 10⁷ tokens at 18 decimals is 10²⁵, past a double's 2⁵³.
  return Number(amount / scale) + Number(amount % scale) / Number(scale);
}
