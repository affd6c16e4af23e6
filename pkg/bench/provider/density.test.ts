import { createDensityMap, extendDensity, locate, presentedHead, worldAtOrAfter, worldAtOrBefore } from './density';

describe('mainnet density', () => {
  // Three set-up blocks a second apart, then two 30-minute blocks (150 slots of 12 s each).
  const map = createDensityMap(12);
  extendDensity(map, [1_000, 1_001, 1_002, 2_802, 4_602]);

  it('presents each world block after as many 12 s slots as its time gap holds, at least one', () => {
    expect(map.starts).toEqual([0, 1, 2, 152, 302]);
    expect(presentedHead(map)).toBe(302);
  });

  it('tells a world block from a made-up one, whose time is spread evenly over its gap', () => {
    expect(locate(map, 0)).toEqual({ kind: 'world', world: 0, timestamp: 1_000 });
    expect(locate(map, 152)).toEqual({ kind: 'world', world: 3, timestamp: 2_802 });
    // 1 and 75 slots into the 1,800 s gap of 150 slots: 12 s and 900 s after world block 3.
    expect(locate(map, 153)).toEqual({ kind: 'synthetic', below: 3, timestamp: 2_814 });
    expect(locate(map, 227)).toEqual({ kind: 'synthetic', below: 3, timestamp: 3_702 });
    // The first slot after world block 2 (presented 2): 1,800 s over 150 slots, 12 s in.
    expect(locate(map, 3)).toEqual({ kind: 'synthetic', below: 2, timestamp: 1_014 });
    expect(locate(map, 302)).toEqual({ kind: 'world', world: 4, timestamp: 4_602 });
    expect(locate(map, 303)).toBeUndefined();
    expect(locate(map, -1)).toBeUndefined();
  });

  it('finds the world blocks around a presented number', () => {
    expect(worldAtOrBefore(map, 151)).toBe(2);
    expect(worldAtOrBefore(map, 152)).toBe(3);
    expect(worldAtOrAfter(map, 3)).toBe(3);
    expect(worldAtOrAfter(map, 152)).toBe(3);
    expect(worldAtOrAfter(map, 303)).toBeUndefined();
  });

  it('rounds a gap to the nearest slot and made-up times down', () => {
    const uneven = createDensityMap(12);
    extendDensity(uneven, [0, 100]);
    // 100 / 12 = 8.33: 8 slots; block 3 is 3 · 100 / 8 = 37.5 s in.
    expect(uneven.starts).toEqual([0, 8]);
    expect(locate(uneven, 3)).toEqual({ kind: 'synthetic', below: 0, timestamp: 37 });
  });
});
