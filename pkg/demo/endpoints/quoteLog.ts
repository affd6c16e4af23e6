/**
 * The market maker's own endpoints, as the demo world serves them (formats: docs/endpoints.md):
 * the quote log (RFQs and quotes, paged by time) and the RFQ endpoint the engine probes.
 */
import type { WorldRecord, RfqRecord } from '../ledger/record';
import { json, type Route } from './http';

const MAX_PAGE = 5_000;

/** The quote log's wire form of one RFQ. */
export function rfqToWire(rfq: RfqRecord) {
  return {
    id: rfq.id,
    pair: `${rfq.base}/${rfq.quote}`,
    side: rfq.side,
    baseAmount: rfq.size,
    receivedAt: rfq.receivedAtMs,
    quotedAt: rfq.quotedAtMs ?? null,
    error: rfq.error ?? null,
    price: rfq.price ?? null,
    expiry: rfq.expiry ?? null,
    accepted: rfq.accepted,
    orderHash: rfq.orderHash ?? null,
    txHash: rfq.txHash ?? null,
  };
}

function timeParam(value: string | null, fallback: number): number | undefined {
  if (value === null) {
    return fallback;
  }
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function quoteLogRoutes(record: WorldRecord): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/quote-log/rfqs',
      handler: ({ query }) => {
        const nowMs = record.now() * 1000;
        const from = timeParam(query.get('from'), 0);
        const to = timeParam(query.get('to'), nowMs);
        const limit = Number(query.get('limit') ?? 1000);
        if (from === undefined || to === undefined) {
          return json(400, { error: '"from" and "to" are Unix times in milliseconds' });
        }
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
          return json(400, { error: `"limit" must be an integer from 1 to ${MAX_PAGE}` });
        }
        const after = query.get('cursor');
        const inRange = record.rfqs.filter(
          (rfq) => rfq.receivedAtMs >= from && rfq.receivedAtMs < Math.min(to, nowMs + 1)
        );
        const start = after ? inRange.findIndex((rfq) => rfq.id === after) + 1 : 0;
        const page = inRange.slice(start, start + limit);
        const more = start + limit < inRange.length;
        return json(200, { rfqs: page.map(rfqToWire), nextCursor: more ? page[page.length - 1].id : null });
      },
    },
    {
      method: 'POST',
      pattern: '/rfq',
      handler: ({ body }) => {
        const request = body as { pair?: unknown; side?: unknown; baseAmount?: unknown } | undefined;
        const pair = typeof request?.pair === 'string' ? request.pair.split('/') : [];
        const prices = record.pricesAt(record.now());
        if (pair.length !== 2 || !prices || !(pair[0] in prices) || !(pair[1] in prices)) {
          return json(400, { error: 'expected {"pair": "WETH/USDC", "side": "buy"|"sell", "baseAmount": number}' });
        }
        if (request?.side !== 'buy' && request?.side !== 'sell') {
          return json(400, { error: '"side" must be "buy" or "sell"' });
        }
        const receivedAt = Date.now();
        const mid = prices[pair[0] as keyof typeof prices] / prices[pair[1] as keyof typeof prices];
        const price = request.side === 'buy' ? mid * 1.0004 : mid * 0.9996;
        return json(200, {
          pair: request.pair,
          side: request.side,
          price,
          receivedAt,
          quotedAt: Date.now(),
          expiry: Math.floor(receivedAt / 1000) + 60,
        });
      },
    },
  ];
}
