import { findKpi } from '../core/catalogue';
import { bandScale } from './bandScale';

const bandsOf = (id: string) => findKpi(id)!.bands;
const zonesOf = (scale: ReturnType<typeof bandScale>) => scale.zones.map((zone) => [zone.state, zone.from, zone.to]);
/** Each number equal to its expected one within floating-point rounding. */
const expectNumbers = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
};

describe('bandScale', () => {
  it('draws the inner zones to their numbers and an outer zone to a natural bound within reach', () => {
    // Uptime: critical < 98 ≤ warning < 99.5 ≤ ok, bounds 0–100. Below: 0 is 98 away, more than twice the
    // warning zone (2 × 1.5 = 3), so critical is as wide as warning: 96.5. Above: 100 is 0.5 away: ok ends there.
    const scale = bandScale(bandsOf('uptime'), 98.7, { min: 0, max: 100 });
    expect([scale.min, scale.max]).toEqual([96.5, 100]);
    expect(zonesOf(scale)).toEqual([
      ['critical', 96.5, 98],
      ['warning', 98, 99.5],
      ['ok', 99.5, 100],
    ]);
    expectNumbers(
      scale.zones.map((zone) => zone.width),
      [1.5 / 3.5, 1.5 / 3.5, 0.5 / 3.5]
    );
    expect(scale.edges.map((edge) => edge.value)).toEqual([98, 99.5]);
    expectNumbers(
      scale.edges.map((edge) => edge.at),
      [1.5 / 3.5, 3 / 3.5]
    );
    expect(scale.marker).toBeCloseTo(2.2 / 3.5, 12);
  });

  it('starts a lower-is-better band at its bound 0: ok drawn 0 … 500, not a fixed share', () => {
    // Quote response: ok < 500 ≤ warning < 1000 ≤ critical, min 0 (500 away ≤ 2 × 500); above, critical is
    // as wide as warning: 1000 … 1500. 131 ms sits at 131 / 1500.
    const scale = bandScale(bandsOf('quote_response_ms'), 131, { min: 0 });
    expect([scale.min, scale.max]).toEqual([0, 1500]);
    expectNumbers(
      scale.zones.map((zone) => zone.width),
      [1 / 3, 1 / 3, 1 / 3]
    );
    expect(scale.marker).toBeCloseTo(131 / 1500, 12);
  });

  it('stretches the outer zone to hold a value far beyond it, a tenth further than the value', () => {
    // Trade execution latency 921,559 ms against ok < 300 ≤ warning < 1000: the scale runs 0 … 921,559 + 92,155.9.
    const scale = bandScale(bandsOf('execution_latency_ms'), 921_559, { min: 0 });
    expect(scale.min).toBe(0);
    expect(scale.max).toBeCloseTo(1_013_714.9, 6);
    expect(scale.marker).toBeCloseTo(1 / 1.1, 12);
    expect(scale.zones[2]).toMatchObject({ state: 'critical', from: 1000 });
    expect(scale.zones[2].to).toBeCloseTo(1_013_714.9, 6);
    // Below: uptime 90 % stretches critical to 90 − (100 − 90) / 10 = 89, still above the bound 0.
    const below = bandScale(bandsOf('uptime'), 90, { min: 0, max: 100 });
    expect([below.min, below.max]).toEqual([89, 100]);
    expect(below.marker).toBeCloseTo(1 / 11, 12);
  });

  it('never stretches past a natural bound', () => {
    // On-chain share 1 % against critical < 35 ≤ warning < 50 ≤ ok, bounds 0–100: the mirror end is 20, the
    // stretch 1 − (65 − 1) / 10 = −5.4, held at 0; above, 100 is 50 away (> 2 × 15): 65.
    const scale = bandScale(bandsOf('onchain_inventory'), 1, { min: 0, max: 100 });
    expect([scale.min, scale.max]).toEqual([0, 65]);
    expect(scale.marker).toBeCloseTo(1 / 65, 12);
  });

  it('tiles a five-zone band: the outer zones as wide as their neighbours without bounds', () => {
    // Net delta: −5, −2, 2, 5: the scale is −8 … 8, zones 3, 3, 4, 3, 3 of 16.
    const scale = bandScale(bandsOf('net_delta'), 0);
    expect(zonesOf(scale)).toEqual([
      ['critical', -8, -5],
      ['warning', -5, -2],
      ['ok', -2, 2],
      ['warning', 2, 5],
      ['critical', 5, 8],
    ]);
    expectNumbers(
      scale.zones.map((zone) => zone.left),
      [0, 3 / 16, 6 / 16, 10 / 16, 13 / 16]
    );
    expect(scale.marker).toBe(0.5);
  });

  it('ignores a bound on the wrong side of the edges, and draws no marker without a value', () => {
    const scale = bandScale(bandsOf('uptime'), undefined, { min: 99 });
    expect(scale.min).toBe(96.5);
    expect(scale.marker).toBeUndefined();
    expect(bandScale(bandsOf('uptime'), Number.NaN).marker).toBeUndefined();
  });
});
