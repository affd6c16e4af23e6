import demoSettings from '../../../../pkg/demo/demo-settings.json';
import type { PmmDataSourceOptions } from '../../types';
import { assetProblemCount, initiallyOpenSections, problemCounts, sectionOf, SECTION_IDS } from './sections';
import { problemsOf, type Problems } from './settingsEdit';

const demo = demoSettings as PmmDataSourceOptions;

/** The sections open, in the editor's order, as a list a failure message reads easily. */
function openOf(json: PmmDataSourceOptions): string[] {
  const open = initiallyOpenSections(json, problemsOf(json));
  return SECTION_IDS.filter((id) => open[id]);
}

describe('config editor: which section holds what', () => {
  it.each([
    ['nodes', 'nodes'],
    ['nodes[2].url', 'nodes'],
    ['wallets[0].address', 'wallets'],
    ['assets[1].feed', 'assets'],
    ['assets[3]', 'assets'],
    ['venues.aave.pool', 'venues'],
    ['venues.comets[0].market', 'venues'],
    ['endpoints.quoteLogUrl', 'endpoints'],
    ['explorerUrl', 'endpoints'],
    ['chainId', 'endpoints'],
    ['maxFeedDeviationPct', 'endpoints'],
    ['bandOverrides', 'targets'],
  ])('%s is shown in %s', (field, section) => {
    expect(sectionOf(field)).toBe(section);
  });

  it('the settings as a whole, and names that are no setting, belong to no section', () => {
    expect(sectionOf('')).toBeUndefined();
    expect(sectionOf('constructor')).toBeUndefined();
    expect(sectionOf('toString')).toBeUndefined();
  });

  it('counts each message in its section, several on one field included', () => {
    const problems: Problems = new Map([
      ['nodes', ['add at least one node', 'mark one node as the reference']],
      ['assets[0].address', ['not an address']],
      ['assets[2]', ['needs a price']],
      ['explorerUrl', ['not a URL']],
      ['endpoints.duneUrl', ['must start with http:// or https://']],
      ['', ['the settings must be a JSON object']],
    ]);
    expect(problemCounts(problems)).toEqual({
      nodes: 2,
      wallets: 0,
      assets: 2,
      venues: 0,
      endpoints: 2,
      targets: 0,
      alertRules: 0,
    });
  });

  it("an asset's count takes its own fields, not those of an asset whose index starts the same", () => {
    const problems: Problems = new Map([
      ['assets[1]', ['needs a price']],
      ['assets[1].address', ['not an address', 'checksum mismatch']],
      ['assets[10].feed', ['not an address']],
      ['assets[11]', ['needs a price']],
    ]);
    expect(assetProblemCount(problems, 1)).toBe(3);
    expect(assetProblemCount(problems, 10)).toBe(1);
    expect(assetProblemCount(problems, 0)).toBe(0);
  });
});

describe('config editor: which sections open first', () => {
  it('a new data source opens every section to fill in, not the optional targets and alert rules', () => {
    expect(openOf({})).toEqual(['nodes', 'wallets', 'assets', 'venues', 'endpoints']);
  });

  it('a saved, valid data source opens with every section collapsed', () => {
    expect(openOf(demo)).toEqual([]);
  });

  it('a problem opens the section that shows it, and only that one', () => {
    expect(openOf({ ...demo, explorerUrl: 'etherscan io' })).toEqual(['endpoints']);
    expect(openOf({ ...demo, wallets: demo.wallets?.filter((w) => w.role !== 'maker') })).toEqual(['wallets']);
    expect(openOf({ ...demo, venues: { ...demo.venues, limitOrderProtocol: '0x1234' } })).toEqual(['venues']);
    expect(openOf({ ...demo, bandOverrides: { 'no-such-kpi': { edges: [1] } } })).toEqual(['targets']);
  });

  it('an asset with a problem opens the assets section', () => {
    const assets = [...(demo.assets ?? [])];
    assets[2] = { ...assets[2], feed: undefined, coingeckoId: undefined };
    expect(openOf({ ...demo, assets })).toEqual(['assets']);
    expect(assetProblemCount(problemsOf({ ...demo, assets }), 2)).toBe(1);
  });

  it('an emptied section opens while the sections with something in them stay collapsed', () => {
    const noEndpoints = { endpoints: {}, explorerUrl: undefined, chainId: undefined, maxFeedDeviationPct: undefined };
    expect(openOf({ ...demo, venues: {}, ...noEndpoints })).toEqual(['venues', 'endpoints']);
    // One of the endpoint section's settings is enough for it to be more than a form to fill in.
    expect(openOf({ ...demo, ...noEndpoints, maxFeedDeviationPct: 3 })).toEqual([]);
  });
});
