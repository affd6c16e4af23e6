import { zeroAddress, type Address } from 'viem';

import type { GetCometMarketReturnType } from '../sources/chain';
import type { ResolvedAsset } from './sourcesConfig';
import { venuesAt, type Venues } from './venues';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const POOL = addr(1);
const MARKET = addr(2);
const USDC = { symbol: 'USDC', address: addr(3), decimals: 6, stable: true } as ResolvedAsset;
const reserve = (symbol: string, base: number) => ({
  symbol,
  asset: addr(base),
  aToken: addr(base + 1),
  variableDebtToken: addr(base + 2),
  stableDebtToken: zeroAddress,
  decimals: 18,
});

const venues: Venues = {
  aave: { pool: POOL, flashLoanPremiumBps: 5, reserves: [reserve('WETH', 10), reserve('WBTC', 20)] },
  comets: [{ name: 'comet-usdc', market: { market: MARKET } as GetCometMarketReturnType, base: USDC, collaterals: [] }],
};

// The pool answers from block 24, WETH's reserve tokens exist from 10, WBTC's from 50, the Comet
// market answers from 30; the WBTC debt token is not in the map (no code at the range end).
const firsts = new Map<string, bigint>([
  [POOL.toLowerCase(), 24n],
  [addr(11).toLowerCase(), 10n],
  [addr(12).toLowerCase(), 10n],
  [addr(21).toLowerCase(), 50n],
  [MARKET.toLowerCase(), 30n],
]);

describe('venuesAt', () => {
  it('holds no position in a venue, or an Aave reserve, before it answers', () => {
    expect(venuesAt(venues, firsts, 20n)).toEqual({ aave: undefined, comets: [] });
    const at40 = venuesAt(venues, firsts, 40n);
    expect(at40.aave?.reserves.map((r) => r.symbol)).toEqual(['WETH']);
    expect(at40.comets.map((c) => c.name)).toEqual(['comet-usdc']);
    expect(venuesAt(venues, firsts, 50n).aave?.reserves.map((r) => r.symbol)).toEqual(['WETH', 'WBTC']);
  });

  it('keeps every venue when nothing is known of when it was deployed', () => {
    expect(venuesAt(venues, new Map(), 0n)).toEqual(venues);
  });
});
