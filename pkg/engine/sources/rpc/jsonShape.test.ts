import { jsonShape } from './jsonShape';

const shapeOf = (text: string) => jsonShape(new TextEncoder().encode(text));

/** A random JSON value with strings that hold brackets, commas, quotes and escapes. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
  const tricky = ['', ',', '[', ']}', '"', '\\', 'a\\"b', '{"x":[1,2]}', 'é ✓'];
  switch (pick) {
    case 0:
      return Math.floor(random() * 1e6) - 5e5;
    case 1:
      return tricky[Math.floor(random() * tricky.length)];
    case 2:
      return random() < 0.5 ? null : random() < 0.5;
    case 3:
      return `0x${Math.floor(random() * 1e12).toString(16)}`;
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, (_, i) => [
          `k${i}${tricky[i % tricky.length]}`,
          randomValue(random, depth + 1),
        ])
      );
  }
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('jsonShape', () => {
  it('counts the entries of arrays and recognises objects, as JSON.parse reads them', () => {
    expect(shapeOf('[]')).toEqual({ kind: 'array', entries: 0 });
    expect(shapeOf(' [ ] \n')).toEqual({ kind: 'array', entries: 0 });
    expect(shapeOf('[{"id":1,"result":"0x"}, {"id":2,"error":{"message":"a, b ] }"}}]')).toEqual({
      kind: 'array',
      entries: 2,
    });
    expect(shapeOf('{"jsonrpc":"2.0","id":1,"result":["0x1","0x2"]}')).toEqual({ kind: 'object' });
    const random = seeded(7);
    for (let i = 0; i < 300; i++) {
      const value = Array.from({ length: Math.floor(random() * 6) }, () => randomValue(random));
      const spaced = random() < 0.5;
      const text = JSON.stringify(value, null, spaced ? 2 : undefined);
      expect(shapeOf(text)).toEqual({ kind: 'array', entries: (JSON.parse(text) as unknown[]).length });
    }
  });

  it('refuses what is not one whole object or array: HTML, a bare value, a cut-off body, trailing data', () => {
    for (const text of [
      '',
      '  ',
      '<html>502 Bad Gateway</html>',
      '"0x1"',
      '42',
      '[1,2',
      '{"a":"]}"',
      '[1]]',
      '[1] x',
      '{}{}',
    ]) {
      expect(shapeOf(text)).toBeUndefined();
    }
    const random = seeded(11);
    for (let i = 0; i < 100; i++) {
      const text = JSON.stringify(Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomValue(random)));
      // Every strict prefix of an answer is a body cut off in transit.
      for (let cut = 1; cut < text.length; cut += 1 + Math.floor(random() * 5)) {
        expect(shapeOf(text.slice(0, cut))).toBeUndefined();
      }
    }
  });
});
