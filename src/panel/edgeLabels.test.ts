import { placeLabels } from './edgeLabels';

describe('placeLabels', () => {
  it('centres each label under its edge when there is room', () => {
    // Edges at 100 and 200 px of a 300 px band, labels 40 px wide: lefts 80 and 180.
    expect(
      placeLabels(
        [
          { at: 100, width: 40 },
          { at: 200, width: 40 },
        ],
        300,
        4
      )
    ).toEqual([80, 180]);
  });

  it('keeps labels inside the band and pushes close ones apart by the gap', () => {
    // At 10 px a 40 px label starts at 0; at 30 px the next would start at 10, pushed to 0 + 40 + 4 = 44.
    expect(
      placeLabels(
        [
          { at: 10, width: 40 },
          { at: 30, width: 40 },
        ],
        300,
        4
      )
    ).toEqual([0, 44]);
    // Near the right end: the last ends at 300 (left 260), the one before 260 − 4 − 40 = 216.
    expect(
      placeLabels(
        [
          { at: 280, width: 40 },
          { at: 295, width: 40 },
        ],
        300,
        4
      )
    ).toEqual([216, 260]);
  });

  it('keeps only the outer two when all cannot fit, then none', () => {
    const four = [20, 40, 60, 80].map((at) => ({ at, width: 30 }));
    // 4 × 30 + 3 × 4 = 132 > 100; the outer two need 64: at 5 (20 − 15) and 65 (80 − 15).
    expect(placeLabels(four, 100, 4)).toEqual([5, undefined, undefined, 65]);
    expect(placeLabels(four, 50, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(placeLabels([], 100, 4)).toEqual([]);
  });
});
