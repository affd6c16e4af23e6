/**
 * The number a text shows in a Grafana unit, read back for the checks (which must not load
 * @grafana/data): "99.5%" is 99.5, "1 s" in ms is 1000, "-$12.5K" is −12,500, "1 ×/day" in suffix:×/day is 1.
 * Only the units of the catalogue (and the scenes' overrides) are read; another unit fails loudly.
 */
const SCALE: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
const TIME_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  min: 60_000,
  mins: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

export function readNumber(shown: string, unit: string): number {
  const text = shown.trim().replace(/,/g, '');
  const fail = () => new Error(`"${shown}" does not read as a number in ${unit}`);
  if (unit === 'percent') {
    const match = /^(-?\d+(?:\.\d+)?)%$/.exec(text);
    if (!match) {
      throw fail();
    }
    return Number(match[1]);
  }
  if (unit === 'ms') {
    const match = /^(-?\d+(?:\.\d+)?) (\w+)$/.exec(text);
    if (!match || TIME_MS[match[2]] === undefined) {
      throw fail();
    }
    return Number(match[1]) * TIME_MS[match[2]];
  }
  const currency = /^currency([A-Z]{3})$/.exec(unit);
  if (currency) {
    const match = /^(-?)([$€£¥]|[A-Z]{3}\s?)(\d+(?:\.\d+)?)([KMBT]?)$/.exec(text);
    if (!match) {
      throw fail();
    }
    return (match[1] === '-' ? -1 : 1) * Number(match[3]) * SCALE[match[4]];
  }
  if (unit.startsWith('suffix:')) {
    const suffix = unit.slice('suffix:'.length);
    const match = new RegExp(`^(-?\\d+(?:\\.\\d+)?) ${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).exec(text);
    if (!match) {
      throw fail();
    }
    return Number(match[1]);
  }
  if (unit === 'none') {
    const match = /^-?\d+(?:\.\d+)?$/.exec(text);
    if (!match) {
      throw fail();
    }
    return Number(match[0]);
  }
  throw new Error(`readNumber: no reader for the unit ${unit}`);
}
