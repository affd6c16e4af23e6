import { HttpSourceError } from '../http';
import { getHedgeAccount, getHedgeHistory, type HedgeAccount } from './hedgeVenue';
import { failure, startStandIn, type StandIn } from './testStandIn';

const wireState = (timestamp: number, size: number) => ({
  timestamp,
  positions: [
    {
      asset: 'WETH',
      size,
      side: size < 0 ? 'short' : size > 0 ? 'long' : 'flat',
      entryPrice: 3001.2,
      markPrice: 2990.1,
      unrealizedPnl: 138.75,
    },
  ],
  balances: [{ asset: 'USDC', amount: 5_001_234.5 }],
  realizedPnl: 1234.5,
  feesPaid: 210.3,
  fundingNet: -12.1,
});

const typed = (timestamp: number, size: number): HedgeAccount => wireState(timestamp, size) as HedgeAccount;

let standIn: StandIn;
let url: string;
beforeAll(async () => {
  standIn = await startStandIn();
  url = `${standIn.url}/hedge`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

describe('getHedgeAccount', () => {
  it('sends the hedge key as a bearer token, on the account and the history alike', async () => {
    standIn.handle = (request) =>
      request.path === '/hedge/history'
        ? { status: 200, body: { states: [] } }
        : { status: 200, body: wireState(1_764_000_000, 0) };
    await getHedgeAccount({ url, apiKey: 'k-123' });
    await getHedgeHistory({ url, apiKey: 'k-123', fromSec: 1, toSec: 2 });
    await getHedgeAccount({ url });
    expect(standIn.requests.map((r) => r.headers.authorization)).toEqual(['Bearer k-123', 'Bearer k-123', undefined]);
  });

  it('reads the account at a time', async () => {
    standIn.handle = () => ({ status: 200, body: wireState(1_764_000_000, -12.5) });
    await expect(getHedgeAccount({ url, atSec: 1_764_000_100 })).resolves.toEqual(typed(1_764_000_000, -12.5));
    expect(standIn.requests[0].path).toBe('/hedge/account');
    expect(standIn.requests[0].query.get('at')).toBe('1764000100');
  });

  it('asks for now when no time is given, with the base URL written with a trailing slash', async () => {
    standIn.handle = () => ({ status: 200, body: wireState(1_764_000_000, 0) });
    const account = await getHedgeAccount({ url: `${url}/` });
    expect(account.positions[0].side).toBe('flat');
    expect(standIn.requests[0].rawUrl).toBe('/hedge/account');
  });

  it('names a malformed field', async () => {
    const body = wireState(1_764_000_000, -1);
    standIn.handle = () => ({ status: 200, body: { ...body, positions: [{ ...body.positions[0], markPrice: null }] } });
    const error = await failure(getHedgeAccount({ url }));
    expect(error).toMatchObject({ source: 'hedge-venue', reason: 'shape' });
    expect(error.message).toContain('positions[0].markPrice is null, expected a number');
    expect(error.message).toContain('(the hedge venue must answer as docs/endpoints.md describes');
  });

  it('rejects a short written with a positive size', async () => {
    const body = wireState(1_764_000_000, 12.5);
    standIn.handle = () => ({ status: 200, body: { ...body, positions: [{ ...body.positions[0], side: 'short' }] } });
    const error = await failure(getHedgeAccount({ url }));
    expect(error.message).toContain('positions[0].side is a string ("short"), expected "long" for size 12.5');
  });

  it('says a 404 at a time may be before the first state', async () => {
    standIn.handle = () => ({ status: 404, body: { error: 'no hedge account state at or before 1' } });
    const error = await failure(getHedgeAccount({ url, atSec: 1 }));
    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error).toMatchObject({ status: 404, reason: 'status', attempts: 1 });
    expect(error.message).toContain("or ask for a time after the account's first state");
  });
});

describe('getHedgeHistory', () => {
  it('reads every state in the range', async () => {
    standIn.handle = () => ({ status: 200, body: { states: [wireState(100, -1), wireState(200, 2)] } });
    await expect(getHedgeHistory({ url, fromSec: 100, toSec: 200 })).resolves.toEqual([typed(100, -1), typed(200, 2)]);
    expect(standIn.requests[0].path).toBe('/hedge/history');
    expect([...standIn.requests[0].query]).toEqual([
      ['from', '100'],
      ['to', '200'],
    ]);
  });

  it('names the state a malformed field is in', async () => {
    standIn.handle = () => ({
      status: 200,
      body: { states: [wireState(100, -1), { ...wireState(200, 2), feesPaid: '210.3' }] },
    });
    const error = await failure(getHedgeHistory({ url, fromSec: 100, toSec: 200 }));
    expect(error.message).toContain('states[1].feesPaid is a string ("210.3"), expected a number');
  });

  it('rejects a reversed range before asking', async () => {
    const error = await failure(getHedgeHistory({ url, fromSec: 200, toSec: 100 }));
    expect(error.message).toBe('hedge-venue: [200, 100] is not a time range (pass Unix seconds with from ≤ to)');
    expect(standIn.requests).toHaveLength(0);
  });
});
