import { readSettings, shapeProblemText } from './load';

/** The shape problems of some jsonData, one line each, as the backend reports them. */
function settingsShapeProblems(raw: Record<string, unknown>): string[] {
  const read = readSettings(raw);
  return read.ok ? [] : read.problems.map(shapeProblemText);
}

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

  it("reads a feed's heartbeat and the deviation from CoinGecko as numbers, and names them when they are not", () => {
    const read = readSettings({
      assets: [{ symbol: 'WETH', address: '0x0', feed: '0x1', heartbeatSec: 3600 }],
      maxFeedDeviationPct: 2,
    });
    expect(read.ok && [read.settings.assets[0].heartbeatSec, read.settings.maxFeedDeviationPct]).toEqual([3600, 2]);
    expect(
      settingsShapeProblems({
        assets: [{ symbol: 'WETH', address: '0x0', heartbeatSec: '1h' }],
        maxFeedDeviationPct: '2 %',
      })
    ).toEqual([
      'assets[0].heartbeatSec must be a number, not a string',
      'maxFeedDeviationPct must be a number, not a string',
    ]);
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

describe('readSettings', () => {
  it('fills absent lists and objects, leaves out keys it does not know, and keeps the JSON key order', () => {
    const read = readSettings({
      endpoints: { quoteLogUrl: 'http://q' },
      nodes: [{ url: 'http://n', name: 'n', extra: 1 }],
      authType: 'grafana-own-key',
      feed: null,
    });
    expect(read).toEqual({
      ok: true,
      settings: {
        endpoints: { quoteLogUrl: 'http://q' },
        nodes: [{ name: 'n', url: 'http://n' }],
        wallets: [],
        assets: [],
        venues: {},
      },
    });
    expect(read.ok && Object.keys(read.settings)).toEqual(['endpoints', 'nodes', 'wallets', 'assets', 'venues']);
    expect(read.ok && Object.keys(read.settings.nodes[0])).toEqual(['url', 'name']);
  });

  it('reads null as absent, and rejects what is not an object or a role it does not know', () => {
    expect(readSettings({ chainId: null, nodes: null })).toEqual({
      ok: true,
      settings: { nodes: [], wallets: [], assets: [], venues: {}, endpoints: {} },
    });
    expect(readSettings([])).toEqual({
      ok: false,
      problems: [{ field: '', message: 'the settings must be a JSON object' }],
    });
    expect(readSettings({ wallets: [{ address: '0x0', role: 'owner' }] })).toEqual({
      ok: false,
      problems: [
        {
          field: 'wallets[0].role',
          message: 'must be one of maker, settlement, treasury, flashloan-receiver, not "owner"',
        },
      ],
    });
  });
});
