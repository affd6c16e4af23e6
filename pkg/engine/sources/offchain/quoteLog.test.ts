import { inspect } from 'node:util';

import { PmmError } from '../../../../src/core/errors';
import { HttpSourceError } from '../http';
import { getQuoteLog, type QuoteLogRfq } from './quoteLog';
import { failure, recordingDeps, startStandIn, type StandIn } from './testStandIn';

const T = 1_764_000_000_000;
const ORDER = `0x${'ab'.repeat(32)}` as const;
const TX = `0x${'cd'.repeat(32)}` as const;

type WireRfq = Record<string, unknown> & { id: string; receivedAt: number };

/** RFQ n on the wire, received n seconds after T; n % 3 picks quoted-and-filled, error, or declined. */
function wire(n: number): WireRfq {
  const base = { id: `rfq-${String(n).padStart(6, '0')}`, pair: 'WETH/USDC', side: n % 2 ? 'sell' : 'buy' };
  const receivedAt = T + n * 1000;
  if (n % 3 === 1) {
    return {
      ...base,
      baseAmount: n,
      receivedAt,
      quotedAt: null,
      error: 'pricer down',
      price: null,
      expiry: null,
      accepted: false,
      orderHash: null,
      txHash: null,
    };
  }
  if (n % 3 === 2) {
    return {
      ...base,
      baseAmount: n,
      receivedAt,
      quotedAt: receivedAt + 80,
      error: null,
      price: null,
      expiry: null,
      accepted: false,
      orderHash: null,
      txHash: null,
    };
  }
  return {
    ...base,
    baseAmount: n + 0.5,
    receivedAt,
    quotedAt: receivedAt + 120,
    error: null,
    price: 3000 + n,
    expiry: receivedAt / 1000 + 60,
    accepted: true,
    orderHash: ORDER,
    txHash: TX,
  };
}

/** The quote log as docs/endpoints.md has it: [from, to) by receivedAt, `limit` a page, cursor = last id. */
function servePaged(log: WireRfq[]): StandIn['handle'] {
  return ({ query }) => {
    const from = Number(query.get('from'));
    const to = Number(query.get('to'));
    const limit = Number(query.get('limit'));
    const inRange = log.filter((r) => r.receivedAt >= from && r.receivedAt < to);
    const cursor = query.get('cursor');
    const start = cursor ? inRange.findIndex((r) => r.id === cursor) + 1 : 0;
    const page = inRange.slice(start, start + limit);
    const more = start + limit < inRange.length;
    return { status: 200, body: { rfqs: page, nextCursor: more ? page[page.length - 1].id : null } };
  };
}

let standIn: StandIn;
let url: string;
beforeAll(async () => {
  standIn = await startStandIn();
  url = `${standIn.url}/quote-log/rfqs`;
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

describe('getQuoteLog', () => {
  it('follows nextCursor across three pages and types every field', async () => {
    // 0 and 8 fall outside [T+1s, T+8s): the stand-in leaves them out, as the endpoint must.
    standIn.handle = servePaged(Array.from({ length: 9 }, (_, n) => wire(n)));
    const rfqs = await getQuoteLog({ url, fromMs: T + 1000, toMs: T + 8000, pageSize: 3 });

    expect(rfqs.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `rfq-00000${n}`));
    expect(
      standIn.requests.map((r) => [
        r.path,
        r.query.get('from'),
        r.query.get('to'),
        r.query.get('limit'),
        r.query.get('cursor'),
      ])
    ).toEqual([
      ['/quote-log/rfqs', String(T + 1000), String(T + 8000), '3', null],
      ['/quote-log/rfqs', String(T + 1000), String(T + 8000), '3', 'rfq-000003'],
      ['/quote-log/rfqs', String(T + 1000), String(T + 8000), '3', 'rfq-000006'],
    ]);
    const [failed, declined, filled] = rfqs;
    expect(failed).toEqual<QuoteLogRfq>({
      id: 'rfq-000001',
      pair: 'WETH/USDC',
      base: 'WETH',
      quote: 'USDC',
      side: 'sell',
      baseAmount: 1,
      receivedAtMs: T + 1000,
      quotedAtMs: null,
      error: 'pricer down',
      price: null,
      expiry: null,
      accepted: false,
      orderHash: null,
      txHash: null,
    });
    expect(declined).toMatchObject({ quotedAtMs: T + 2080, error: null, price: null, side: 'buy' });
    expect(filled).toEqual<QuoteLogRfq>({
      id: 'rfq-000003',
      pair: 'WETH/USDC',
      base: 'WETH',
      quote: 'USDC',
      side: 'sell',
      baseAmount: 3.5,
      receivedAtMs: T + 3000,
      quotedAtMs: T + 3120,
      error: null,
      price: 3003,
      expiry: (T + 3000) / 1000 + 60,
      accepted: true,
      orderHash: ORDER,
      txHash: TX,
    });
  });

  it('returns an empty range as no RFQs after one request', async () => {
    standIn.handle = servePaged([wire(1)]);
    await expect(getQuoteLog({ url, fromMs: T + 5000, toMs: T + 6000 })).resolves.toEqual([]);
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0].query.get('limit')).toBe('1000');
  });

  it('stops a cursor loop with an error naming the cursor', async () => {
    let n = 0;
    standIn.handle = () => ({ status: 200, body: { rfqs: [wire(++n)], nextCursor: 'rfq-000001' } });
    const error = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000 }));
    expect(error).toBeInstanceOf(PmmError);
    expect(error.message).toContain(
      'quote-log: page 2 returned nextCursor "rfq-000001" again: following it would loop'
    );
    expect(error.message).toContain('"nextCursor" must be the last id of the page');
    expect(standIn.requests).toHaveLength(2);
  });

  it('stops a log that ignores the cursor and serves the same page again', async () => {
    let n = 0;
    standIn.handle = () => ({ status: 200, body: { rfqs: [wire(1)], nextCursor: `c${++n}` } });
    const error = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000 }));
    expect(error.message).toContain('page 2 repeats RFQ "rfq-000001"');
  });

  it('waits as Retry-After asks after a 429, then reads the page', async () => {
    const serve = servePaged([wire(3)]);
    let calls = 0;
    standIn.handle = (request) =>
      ++calls === 1 ? { status: 429, body: {}, headers: { 'retry-after': '2' } } : serve(request);
    const { delays, deps } = recordingDeps();
    const rfqs = await getQuoteLog({ url, fromMs: T, toMs: T + 60_000 }, deps);
    expect(rfqs.map((r) => r.price)).toEqual([3003]);
    expect(delays).toEqual([2000]);
    expect(standIn.requests).toHaveLength(2);
  });

  it('names the field of a malformed answer, with the fix', async () => {
    standIn.handle = () => ({
      status: 200,
      body: { rfqs: [wire(3), { ...wire(4), baseAmount: '4.21' }], nextCursor: null },
    });
    const error = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000 }));
    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error).toMatchObject({ source: 'quote-log', reason: 'shape', status: 200 });
    expect(error.message).toContain(
      `quote-log: unexpected answer from ${url}: rfqs[1].baseAmount is a string ("4.21"), expected a number`
    );
    expect(error.message).toContain('must answer as docs/endpoints.md describes');
  });

  it.each([
    ['a missing nextCursor', { rfqs: [] }, 'nextCursor is missing, expected a string or null'],
    [
      'a pair without a quote',
      { rfqs: [{ ...wire(3), pair: 'WETH' }], nextCursor: null },
      'rfqs[0].pair is a string ("WETH"), expected "BASE/QUOTE"',
    ],
    [
      'an unknown side',
      { rfqs: [{ ...wire(3), side: 'long' }], nextCursor: null },
      'rfqs[0].side is a string ("long"), expected "buy" or "sell"',
    ],
    [
      'a short hash',
      { rfqs: [{ ...wire(3), orderHash: '0x12' }], nextCursor: null },
      'rfqs[0].orderHash is a string ("0x12"), expected a 32-byte 0x hash',
    ],
    ['times in seconds', { rfqs: [{ ...wire(3), receivedAt: T / 1000 }], nextCursor: null }, 'it looks like seconds'],
    ['rfqs not a list', { rfqs: { id: 1 }, nextCursor: null }, 'rfqs is an object, expected an array'],
  ])('rejects %s', async (_name, body, expected) => {
    standIn.handle = () => ({ status: 200, body });
    const error = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000 }));
    expect(error).toMatchObject({ reason: 'shape' });
    expect(error.message).toContain(expected);
  });

  it('keeps the authorization header out of errors, even when the log echoes it', async () => {
    const secret = 'Bearer QLSECRET-9f8e7d6c';
    const headers = { authorization: secret };
    standIn.handle = () => ({ status: 200, body: { rfqs: [{ ...wire(3), side: secret }], nextCursor: null } });
    const shape = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000, headers }));
    expect(standIn.requests[0].headers.authorization).toBe(secret);
    expect(shape.message).toContain('rfqs[0].side is a string ("***")');

    standIn.handle = () => ({ status: 401, body: { error: `bad token ${secret}` } });
    const unauthorised = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 60_000, headers }));
    expect(unauthorised.message).toContain('HTTP 401');
    for (const error of [shape, unauthorised]) {
      expect(error.message).not.toContain('QLSECRET');
      expect(inspect(error, { depth: 10 })).not.toContain('QLSECRET');
    }
  });

  it('rejects a bad range or page size before asking', async () => {
    expect(await failure(getQuoteLog({ url, fromMs: T + 1, toMs: T }))).toBeInstanceOf(PmmError);
    const error = await failure(getQuoteLog({ url, fromMs: T, toMs: T + 1, pageSize: 5001 }));
    expect(error.message).toBe('quote-log: page size 5001 is out of range (use an integer from 1 to 5000)');
    expect(standIn.requests).toHaveLength(0);
  });
});
