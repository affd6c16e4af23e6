/** Token amounts between the plan's decimal numbers, exact on-chain units and floating-point values. */
import { DECIMALS, type Asset } from '../../sim/scenario';

/**
 * A plan amount in the token's smallest unit, converted as the simulator converts it (toFixed to at most
 * 8 decimals, then exact decimal digits), so the ledger's balances match the chain's to the unit.
 */
export function toUnits(amount: number, asset: Asset): bigint {
  const decimals = DECIMALS[asset];
  const text = amount.toFixed(Math.min(decimals, 8));
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const units = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  return negative ? -units : units;
}

/** Units as a number of whole tokens; split so the integer part keeps its precision. */
export function toAmount(units: bigint, asset: Asset): number {
  const scale = 10n ** BigInt(DECIMALS[asset]);
  return Number(units / scale) + Number(units % scale) / Number(scale);
}
