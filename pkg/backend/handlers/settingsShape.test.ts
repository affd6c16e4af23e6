import { settingsShapeProblems } from './settingsShape';

describe('settingsShapeProblems', () => {
  it('accepts well-typed settings and absent optional fields', () => {
    expect(
      settingsShapeProblems({
        nodes: [{ name: 'main', url: 'http://127.0.0.1:8545', batchSize: 50 }],
        wallets: [{ address: '0x0', role: 'maker' }],
        assets: [],
        venues: { comets: [{ name: 'c', market: '0x1' }] },
        endpoints: {},
      })
    ).toEqual([]);
  });

  it('names every field of the wrong type by its path', () => {
    expect(
      settingsShapeProblems({
        nodes: [null, { name: 1, url: 'x' }, []],
        wallets: {},
        venues: { comets: 3, hedge: { name: 'h' } },
        bandOverrides: [1],
      })
    ).toEqual([
      'nodes[0] must be an object',
      'nodes[1].name must be a string, not a number',
      'nodes[2] must be an object',
      'wallets must be a list, not an object',
      'venues.comets must be a list, not a number',
      'venues.hedge.url is missing',
      'bandOverrides must be an object, not a list',
    ]);
  });
});
