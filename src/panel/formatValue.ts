/**
 * Numbers as Grafana formats them for the field's unit (its value formats and decimals), and a change
 * with its sign, so "+1.2 %" and "−$3.4K" read as Grafana's own panels would write them.
 */
import { formattedValueToString, getValueFormat, type FieldConfig } from '@grafana/data';

export function formatValue(value: number | undefined, config: Pick<FieldConfig, 'unit' | 'decimals'>): string {
  if (value === undefined) {
    return 'No data';
  }
  const decimals = config.decimals ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return formattedValueToString(getValueFormat(config.unit ?? 'none')(value, decimals));
}

export function formatChange(change: number | undefined, config: Pick<FieldConfig, 'unit' | 'decimals'>): string {
  if (change === undefined) {
    return '';
  }
  if (change === 0) {
    return `±${formatValue(0, config)}`;
  }
  const sign = change > 0 ? '+' : '−';
  return `${sign}${formatValue(Math.abs(change), config)}`;
}
