import { findKpi } from '../core/catalogue';
import { bandScale } from './bandScale';

const uptime = findKpi('uptime')!;
const netDelta = findKpi('net_delta')!;

describe('bandScale', () => {
  // Uptime: critical < 98 ≤ warning < 99.5 ≤ ok, bounds 0–100. Span 1.5, margin 0.5: 97.5 … 100.
  it('spans the edges with a margin, kept within the natural bounds', () => {
    const scale = bandScale(uptime.bands, 98.7, { min: 0, max: 100 });
    expect([scale.min, scale.max]).toEqual([97.5, 100]);
    const zones = scale.zones.map((zone) => [zone.state, zone.left, zone.width]);
    expect(zones[0][0]).toBe('critical');
    expect(zones[0][1]).toBeCloseTo(0);
    expect(zones[0][2]).toBeCloseTo(0.5 / 2.5);
    expect(zones[1][0]).toBe('warning');
    expect(zones[1][1]).toBeCloseTo(0.5 / 2.5);
    expect(zones[1][2]).toBeCloseTo(1.5 / 2.5);
    expect(zones[2][0]).toBe('ok');
    expect(zones[2][2]).toBeCloseTo(0.5 / 2.5);
    expect(scale.marker).toBeCloseTo((98.7 - 97.5) / 2.5);
    expect(scale.offScale).toBeUndefined();
  });

  it('pins a value beyond the scale at its end and says on which side', () => {
    expect(bandScale(uptime.bands, 90, { min: 0, max: 100 })).toMatchObject({ marker: 0, offScale: 'below' });
    // Net delta: edges −5 … 5, span 10, margin 10/3 either side.
    const scale = bandScale(netDelta.bands, 25);
    expect(scale.max).toBeCloseTo(5 + 10 / 3);
    expect(scale).toMatchObject({ marker: 1, offScale: 'above' });
  });

  it('tiles the band: zones meet and cover 0 to 1', () => {
    const { zones } = bandScale(netDelta.bands, 0);
    expect(zones.map((zone) => zone.state)).toEqual(['critical', 'warning', 'ok', 'warning', 'critical']);
    zones.forEach((zone, i) => i > 0 && expect(zone.left).toBeCloseTo(zones[i - 1].left + zones[i - 1].width));
    expect(zones[0].left).toBeCloseTo(0);
    expect(zones[4].left + zones[4].width).toBeCloseTo(1);
    // Inner zones in proportion to their edges: 3, 4 and 3 units of the 16.67 shown.
    expect(zones[2].width / zones[1].width).toBeCloseTo(4 / 3);
  });

  it('draws no marker without a value', () => {
    expect(bandScale(uptime.bands, undefined).marker).toBeUndefined();
  });
});
