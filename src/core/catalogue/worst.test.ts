/** The worst-entry rule, with every entry under the same bands and under bands of its own. */
import type { BandStep, KpiDefinition } from './types';
import { worstEntry, worstKey } from './worst';

/** ±2 ok, ±5 warning, beyond critical: net delta's shape. */
function band(edge: number, far: number): BandStep[] {
  return [
    { from: null, state: 'critical' },
    { from: -far, state: 'warning' },
    { from: -edge, state: 'ok' },
    { from: edge, state: 'warning' },
    { from: far, state: 'critical' },
  ];
}
const delta: Pick<KpiDefinition, 'direction' | 'bands'> = { direction: 'band', bands: band(2, 5) };

describe('the worst entry of a breakdown', () => {
  it('under shared bands: the most severe state, then the farthest from the ok range', () => {
    // +6 critical (1 beyond 5), −5.5 critical (0.5 beyond −5), +3 warning
    expect(worstEntry(delta, [3, -5.5, 6])).toBe(6);
    // all ok: the farthest from the ok band's middle (0)
    expect(worstEntry(delta, [0.5, -1.5, 1])).toBe(-1.5);
    expect(worstEntry(delta, [])).toBeNull();
  });

  it('under bands of its own: an entry ok under its wider bands gives way to one in trouble under its own', () => {
    const entries = { WETH: 6, WBTC: 3 };
    // Shared bands: WETH +6 critical beats WBTC +3 warning.
    expect(worstKey(delta, entries)).toBe('WETH');
    // WETH under ±7/±10 is ok; WBTC under the shared bands a warning.
    const own = (key: string) => (key === 'WETH' ? band(7, 10) : delta.bands);
    expect(worstKey(delta, entries, own)).toBe('WBTC');
    // Both critical under their own bands (WETH ±2/±5: 1 beyond; WBTC ±1/±2.5: 0.5 beyond): the farther.
    const tight = (key: string) => (key === 'WETH' ? delta.bands : band(1, 2.5));
    expect(worstKey(delta, entries, tight)).toBe('WETH');
    expect(worstKey(delta, {}, own)).toBeUndefined();
  });
});
