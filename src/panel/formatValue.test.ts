import { formatChange, formatValue } from './formatValue';

describe('formatValue', () => {
  it("formats with Grafana's unit formats", () => {
    expect(formatValue(98.7, { unit: 'percent' })).toBe('98.7%');
    expect(formatValue(133.85, { unit: 'ms' })).toBe('134 ms');
    expect(formatValue(-1186.6, { unit: 'currencyUSD' })).toBe('-$1K');
    expect(formatValue(0.25, { unit: 'percent', decimals: 1 })).toBe('0.3%');
    expect(formatValue(undefined, { unit: 'percent' })).toBe('No data');
  });

  it('signs a change', () => {
    expect(formatChange(1.5, { unit: 'percent' })).toBe('+1.50%');
    expect(formatChange(-1.5, { unit: 'percent' })).toBe('−1.50%');
    expect(formatChange(0, { unit: 'percent' })).toBe('±0.00%');
    expect(formatChange(undefined, { unit: 'percent' })).toBe('');
  });
});
