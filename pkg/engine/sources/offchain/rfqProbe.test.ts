import { probeRfq } from './rfqProbe';
import { startStandIn, type StandIn } from './testStandIn';

let standIn: StandIn;
let url: string;
beforeAll(async () => {
  standIn = await startStandIn();
  url = `${standIn.url}/rfq`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

const quote = (price: unknown) => ({
  status: 200,
  body: {
    pair: 'WETH/USDC',
    side: 'buy',
    price,
    receivedAt: 1_764_000_000_100,
    quotedAt: 1_764_000_000_130,
    expiry: 1_764_000_060,
  },
});

/** A clock that answers these times in turn. */
const clock =
  (...times: number[]) =>
  () =>
    times.shift() ?? Number.NaN;

const ask = { pair: 'WETH/USDC', side: 'buy', baseAmount: 1.5, timeoutMs: 2000 } as const;

describe('probeRfq', () => {
  it('times the round trip on the injected clock and returns the price', async () => {
    standIn.handle = () => quote(3012.44);
    const probe = await probeRfq({ url, ...ask }, { now: clock(1000, 1042.5) });
    expect(probe).toEqual({
      ok: true,
      roundTripMs: 42.5,
      price: 3012.44,
      serverMs: 30,
      error: undefined,
      reason: undefined,
    });
    const [request] = standIn.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/rfq');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ pair: 'WETH/USDC', side: 'buy', baseAmount: 1.5 });
  });

  it('counts a declined quote as an answer without a price', async () => {
    standIn.handle = () => quote(null);
    const probe = await probeRfq({ url, ...ask });
    expect(probe).toMatchObject({ ok: true, price: undefined });
    expect(probe.roundTripMs).toBeGreaterThan(0);
  });

  it('reports a non-200 as a failed probe, without retrying', async () => {
    standIn.handle = () => ({ status: 503, body: { error: 'pricer down' } });
    const probe = await probeRfq({ url, ...ask }, { now: clock(0, 7) });
    expect(probe).toMatchObject({ ok: false, roundTripMs: 7, price: undefined, reason: 'status' });
    expect(probe.error).toContain(`rfq-probe: HTTP 503 from ${url}`);
    expect(standIn.requests).toHaveLength(1);
  });

  it('reports a timeout as a failed probe with its reason, at the timeout', async () => {
    standIn.handle = () => 'hang';
    const started = Date.now();
    const probe = await probeRfq({ url, ...ask, timeoutMs: 150 });
    const elapsed = Date.now() - started;
    expect(probe).toMatchObject({ ok: false, reason: 'timeout', price: undefined });
    expect(probe.error).toContain('the endpoint did not answer within 150 ms');
    expect(probe.roundTripMs).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
    expect(standIn.requests).toHaveLength(1);
  });

  it('reports a malformed answer as a failed probe naming the field', async () => {
    standIn.handle = () => quote('3012.44');
    const probe = await probeRfq({ url, ...ask });
    expect(probe).toMatchObject({ ok: false, reason: 'shape' });
    expect(probe.error).toContain('price is a string ("3012.44"), expected a number or null');
  });

  it('reports a quote for another pair as a failed probe', async () => {
    standIn.handle = () => ({ ...quote(1), body: { ...quote(1).body, pair: 'WBTC/USDC' } });
    const probe = await probeRfq({ url, ...ask });
    expect(probe.error).toContain('pair is a string ("WBTC/USDC"), expected "WETH/USDC" as asked');
  });

  it('reports an endpoint that is not there as a failed probe', async () => {
    const probe = await probeRfq({ url: 'http://127.0.0.1:1/rfq', ...ask });
    expect(probe).toMatchObject({ ok: false, reason: 'network' });
  });
});
