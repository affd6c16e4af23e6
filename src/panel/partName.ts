/**
 * A decomposition's part as a person reads it: the engine's key (`inventoryMtmUsd`, as
 * `pmm-monitor kpis --json` prints it) without its unit, its words split and abbreviations kept:
 * "Inventory MTM", "Hedge PnL", "Flash loan fees".
 */
const UNIT_SUFFIXES = ['Usd'];
/** Words that keep their own capitals. */
const ABBREVIATIONS: Record<string, string> = { mtm: 'MTM', pnl: 'PnL', usd: 'USD', eth: 'ETH', nav: 'NAV' };

export function partName(key: string): string {
  const suffix = UNIT_SUFFIXES.find((unit) => key.endsWith(unit) && key.length > unit.length);
  const bare = suffix ? key.slice(0, -suffix.length) : key;
  const words = bare.split(/(?<=[a-z0-9])(?=[A-Z])|[_\s-]+/).filter((word) => word !== '');
  if (words.length === 0) {
    return key;
  }
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      const known = ABBREVIATIONS[lower];
      if (known) {
        return known;
      }
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}
