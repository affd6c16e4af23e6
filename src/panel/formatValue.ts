/**
 * Numbers as Grafana formats them for the field's unit: a value through the field's display processor
 * when Grafana made one (its unit, decimals and value mappings, panel overrides included), a change with
 * its sign ("+1.2 %", "−$3.4K"), and a band edge exactly (98, 99.5, −12,500 USD read "98%", "99.5%",
 * "-$12.5K", whatever decimals the value is shown with, so a band never reads rounded).
 */
import {
  formattedValueToString,
  getValueFormat,
  type DisplayProcessor,
  type FieldConfig,
  type FormattedValue,
} from '@grafana/data';

export type ValueConfig = Pick<FieldConfig, 'unit' | 'decimals' | 'noValue'>;

/** What a missing value reads: the field's "No value" option, else "No data". */
export function noValueText(config: ValueConfig): string {
  return config.noValue ?? 'No data';
}

export function formatValue(value: number | undefined, config: ValueConfig, display?: DisplayProcessor): string {
  if (value === undefined) {
    return noValueText(config);
  }
  if (display) {
    return formattedValueToString(display(value));
  }
  const decimals = config.decimals ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return formattedValueToString(getValueFormat(config.unit ?? 'none')(value, decimals));
}

export function formatChange(change: number | undefined, config: ValueConfig): string {
  if (change === undefined) {
    return '';
  }
  if (change === 0) {
    return `±${formatValue(0, config)}`;
  }
  const sign = change > 0 ? '+' : '−';
  return `${sign}${formatValue(Math.abs(change), { unit: config.unit, decimals: config.decimals })}`;
}

/** More decimals than this say nothing a band edge needs. */
const MAX_DECIMALS = 4;
/** Decimals added to check that a shorter text says the same number. */
const FINER = 3;

function sameNumber(a: FormattedValue, b: FormattedValue): boolean {
  return a.prefix === b.prefix && a.suffix === b.suffix && Number(a.text) === Number(b.text);
}

/**
 * A number in the unit with the fewest decimals that say it exactly (as far as three more decimals
 * would): 99.5 % is "99.5%", not "100%"; −12,500 USD is "-$12.5K".
 */
export function formatExact(value: number, unit: string | undefined): string {
  const format = getValueFormat(unit ?? 'none');
  for (let decimals = 0; decimals < MAX_DECIMALS; decimals++) {
    const shown = format(value, decimals);
    if (sameNumber(shown, format(value, decimals + FINER))) {
      return formattedValueToString(shown);
    }
  }
  return formattedValueToString(format(value, MAX_DECIMALS));
}
