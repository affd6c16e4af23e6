import { createTheme, FieldType, getDisplayProcessor } from '@grafana/data';

import { formatChange, formatExact, formatValue } from './formatValue';

describe('formatValue', () => {
  it("formats with Grafana's unit formats", () => {
    expect(formatValue(98.7, { unit: 'percent' })).toBe('98.7%');
    expect(formatValue(133.85, { unit: 'ms' })).toBe('134 ms');
    expect(formatValue(-1186.6, { unit: 'currencyUSD' })).toBe('-$1K');
    expect(formatValue(0.25, { unit: 'percent', decimals: 1 })).toBe('0.3%');
    expect(formatValue(undefined, { unit: 'percent' })).toBe('No data');
    expect(formatValue(undefined, { unit: 'percent', noValue: 'n/a' })).toBe('n/a');
  });

  it("goes through the field's display processor when Grafana made one: decimals and value mappings", () => {
    const display = getDisplayProcessor({
      field: {
        type: FieldType.number,
        config: {
          unit: 'percent',
          decimals: 3,
          mappings: [{ type: 'value' as never, options: { '100': { text: 'all settled' } } }],
        },
      },
      theme: createTheme(),
    });
    // 95.27104 % to three decimals: 95.271 %.
    expect(formatValue(95.27104, { unit: 'percent' }, display)).toBe('95.271%');
    expect(formatValue(100, { unit: 'percent' }, display)).toBe('all settled');
  });

  it('signs a change', () => {
    expect(formatChange(1.5, { unit: 'percent' })).toBe('+1.50%');
    expect(formatChange(-1.5, { unit: 'percent' })).toBe('−1.50%');
    expect(formatChange(0, { unit: 'percent' })).toBe('±0.00%');
    expect(formatChange(undefined, { unit: 'percent' })).toBe('');
  });
});

describe('formatExact', () => {
  it('writes a band edge with the fewest decimals that say it exactly', () => {
    expect(formatExact(99.5, 'percent')).toBe('99.5%');
    expect(formatExact(98, 'percent')).toBe('98%');
    expect(formatExact(-12_500, 'currencyUSD')).toBe('-$12.5K');
    expect(formatExact(-10_000, 'currencyUSD')).toBe('-$10K');
    expect(formatExact(500, 'ms')).toBe('500 ms');
    // 1,000 ms is Grafana's "1 s".
    expect(formatExact(1000, 'ms')).toBe('1 s');
    expect(formatExact(0.125, undefined)).toBe('0.125');
    // 1/3 never ends: four decimals at most.
    expect(formatExact(1 / 3, 'none')).toBe('0.3333');
  });
});
