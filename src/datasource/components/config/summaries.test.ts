import {
  assetSummary,
  assetsSummary,
  endpointsSummary,
  nodesSummary,
  shortAddress,
  targetsSummary,
  venuesSummary,
  walletsSummary,
} from './summaries';

describe('config editor: the line under each section title', () => {
  it('shortens an address to its first four and last four hex digits', () => {
    expect(shortAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')).toBe('0x5fbd…0aa3');
    expect(shortAddress('0x1234')).toBe('0x1234');
  });

  it('names the nodes and which one is the reference', () => {
    expect(nodesSummary([{ name: 'alchemy', url: 'https://a', reference: true }])).toBe('1 node: alchemy (reference)');
    expect(
      nodesSummary([
        { name: 'alchemy', url: 'https://a' },
        { name: '', url: 'https://b', reference: true },
      ])
    ).toBe('2 nodes: alchemy, unnamed (reference)');
    expect(nodesSummary([])).toMatch(/^None yet/);
  });

  it('names each wallet by its name, else its role', () => {
    expect(
      walletsSummary([
        { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', role: 'maker', name: 'desk' },
        { address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', role: 'flashloan-receiver' },
      ])
    ).toBe('2 wallets: desk, flash-loan receiver');
    expect(walletsSummary(undefined)).toMatch(/^None yet: add the maker wallet/);
  });

  it('lists the assets by symbol', () => {
    expect(
      assetsSummary([
        { symbol: 'WETH', address: '0x1' },
        { symbol: '', address: '0x2' },
      ])
    ).toBe('2 assets: WETH, unnamed');
  });

  it("says an asset's token and every source it is priced by", () => {
    expect(
      assetSummary({
        symbol: 'USDC',
        address: '0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0',
        feed: '0x0165878a594ca255338adfa4d48449f69242eb8f',
        coingeckoId: 'usd-coin',
        stable: true,
      })
    ).toBe('token 0x9fe4…a6e0 · priced by Chainlink feed 0x0165…eb8f and CoinGecko usd-coin · stablecoin');
    expect(assetSummary({ symbol: '', address: '' })).toBe('no token address yet · no price source yet');
  });

  it('lists the venues configured, in the order the section shows them', () => {
    expect(
      venuesSummary({
        aave: { pool: '0x1' },
        limitOrderProtocol: '0x2',
        comets: [
          { name: 'cUSDCv3', market: '0x3' },
          { name: 'cWETHv3', market: '0x4' },
        ],
        hedge: { name: 'deribit', url: 'https://h' },
      })
    ).toBe('Aave V3, 1inch Limit Order Protocol, 2 Compound III markets, hedge venue deribit');
    expect(venuesSummary({})).toMatch(/^None yet/);
  });

  it('lists the endpoints set and the chain', () => {
    expect(
      endpointsSummary({ endpoints: { quoteLogUrl: 'https://q', duneUrl: 'https://d' }, chainId: 1, explorerUrl: 'x' })
    ).toBe('quote log, Dune, explorer, chain id 1');
    expect(endpointsSummary({})).toMatch(/^None yet/);
  });

  it('lists the band overrides, or says the catalogue holds', () => {
    expect(targetsSummary({ uptime: { edges: [97, 99] }, 'inventory-level:WETH': { edges: [1, 2] } })).toBe(
      '2 band overrides: uptime, inventory-level:WETH'
    );
    expect(targetsSummary(undefined)).toBe("The catalogue's bands for every KPI.");
  });
});
