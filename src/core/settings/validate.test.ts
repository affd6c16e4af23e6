import { validateSettings, addressProblem } from './validate';
import type { PmmSettings } from './types';

// Checksummed mainnet addresses, written out by hand (WETH and Aave V3's pool on Ethereum).
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const AAVE_POOL = '0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2';

const valid: PmmSettings = {
  nodes: [{ name: 'alchemy', url: 'https://eth-mainnet.example/v2', reference: true }],
  wallets: [{ address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', role: 'maker' }],
  assets: [{ symbol: 'WETH', address: WETH, coingeckoId: 'weth' }],
  venues: { aave: { pool: AAVE_POOL } },
  endpoints: { quoteLogUrl: 'http://127.0.0.1:8080/quote-log/rfqs' },
};

describe('settings validation', () => {
  it('accepts a complete, correct configuration', () => {
    expect(validateSettings(valid)).toEqual([]);
  });

  it('catches a checksum typo and proposes the right address', () => {
    const typo = WETH.replace('aaA', 'aAA');
    expect(addressProblem(typo)).toBe(`checksum mismatch: did you mean ${WETH}?`);
    expect(addressProblem(WETH.toLowerCase())).toBeUndefined();
    expect(addressProblem('0x1234')).toMatch(/not an Ethereum address/);
  });

  it('names each bad field', () => {
    const problems = validateSettings({
      ...valid,
      nodes: [
        { name: 'a', url: 'ftp://x', reference: true },
        { name: 'a', url: 'not a url', reference: true, batchSize: 0 },
      ],
      wallets: [{ address: '0xnope', role: 'treasury' }],
      assets: [{ symbol: 'WETH', address: WETH }],
      endpoints: { quoteLogUrl: 'localhost:8080' },
      bandOverrides: { uptim: { edges: [1, 2] } },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'nodes[0].url',
      'nodes[1].name',
      'nodes[1].url',
      'nodes[1].batchSize',
      'nodes',
      'wallets[0].address',
      'wallets',
      'assets[0]',
      'endpoints.quoteLogUrl',
      'bandOverrides',
    ]);
    expect(problems.find((p) => p.field === 'assets[0]')?.message).toMatch(/needs a price/);
  });

  it("checks each feed's heartbeat and the deviation from CoinGecko", () => {
    const withPrices = (heartbeatSec: number, maxFeedDeviationPct: number) =>
      validateSettings({
        ...valid,
        assets: [{ symbol: 'WETH', address: WETH, coingeckoId: 'weth', heartbeatSec }],
        maxFeedDeviationPct,
      }).map((p) => p.field);
    expect(withPrices(3_600, 2)).toEqual([]);
    expect(withPrices(86_400, 0.5)).toEqual([]);
    expect(withPrices(0, 100)).toEqual(['assets[0].heartbeatSec', 'maxFeedDeviationPct']);
    expect(withPrices(-1, 0)).toEqual(['assets[0].heartbeatSec', 'maxFeedDeviationPct']);
  });
});
