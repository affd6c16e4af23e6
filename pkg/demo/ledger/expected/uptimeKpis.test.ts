import { expectedKpis } from './expectedKpis';
import { buildRecord, DAY, rfq, settled, T0, TEST_CONFIG, tx } from './testLedger';
import { valueOf } from './testValues';
import type { TimeRange } from './types';

const MS = 1000;
const blocks = [0, 1, 2, 3].map((i) => ({ timestamp: T0 + i * 1800, baseFeeGwei: 10 * (i + 1) }));
// Ten RFQs one second apart in block 1's interval, quoted 100 … 900 ms later; the tenth failed.
const received = Array.from({ length: 10 }, (_, k) => T0 * MS + (k + 1) * 1000);
const quotes = received.map((at, k) =>
  k < 9 ? rfq(at, { responseMs: (k + 1) * 100 }) : rfq(at, { error: 'timeout' })
);
const rfqs = [
  settled(quotes[0], 1, { side: 'buy', size: 1, price: 1000 }),
  settled(quotes[1], 1, { side: 'sell', size: 1, price: 1000 }),
  settled(quotes[2], 2, { side: 'buy', size: 1, price: 1000 }),
  settled(quotes[3], 2, { side: 'buy', size: 1, price: 1000, outcome: 'reverted' }),
  ...quotes.slice(4),
];
const txs = [tx('lending', 1), tx('rebalance', 2), tx('feed', 1), tx('fill', 1)];
const record = buildRecord(blocks, rfqs, txs);
const all: TimeRange = { fromMs: T0 * MS, toMs: (T0 + 3 * 1800) * MS + 1 };

describe('uptime KPIs from a hand-built ledger', () => {
  const kpis = expectedKpis(record, all, TEST_CONFIG);

  it('uptime: RFQs answered ÷ received', () => {
    expect(valueOf(kpis.uptime).value).toBeCloseTo((9 / 10) * 100, 10);
    const withoutFailure = expectedKpis(record, { fromMs: all.fromMs, toMs: received[9] }, TEST_CONFIG);
    expect(valueOf(withoutFailure.uptime).value).toBe(100);
  });

  it('quote response time: mean of quotedAt − receivedAt, with p50 and p95', () => {
    const response = valueOf(kpis.quote_response_ms);
    expect(response.value).toBeCloseTo((100 + 200 + 300 + 400 + 500 + 600 + 700 + 800 + 900) / 9, 10);
    expect(response.parts?.p50).toBeCloseTo(500, 10);
    // Position 8 × 0.95 = 7.6 between the 8th (800) and 9th (900) smallest.
    expect(response.parts?.p95).toBeCloseTo(800 + 0.6 * 100, 10);
  });

  it('quote acceptance: successful fills ÷ quotes given (a reverted settlement is no fill)', () => {
    expect(valueOf(kpis.quote_acceptance).value).toBeCloseTo((3 / 9) * 100, 10);
  });

  it('settlement success: fills and the wallets’ own transactions, not feeds', () => {
    // Fills: 3 succeeded, 1 reverted; own: a lending and a rebalance transaction.
    expect(valueOf(kpis.settlement_success).value).toBeCloseTo(((3 + 2) / (4 + 2)) * 100, 10);
  });

  it('execution latency: fill block timestamp − quotedAt', () => {
    const latencies = [
      1800 * MS - (1000 + 100), // quote 1, block 1
      1800 * MS - (2000 + 200), // quote 2, block 1
      3600 * MS - (3000 + 300), // quote 3, block 2
    ];
    expect(valueOf(kpis.execution_latency_ms).value).toBeCloseTo((latencies[0] + latencies[1] + latencies[2]) / 3, 6);
  });

  it('gas price volatility: coefficient of variation of the base fees in the 24 h before the end', () => {
    // 10, 20, 30, 40 gwei: mean 25, population variance (15² + 5² + 5² + 15²) / 4 = 125.
    expect(valueOf(kpis.gas_price_impact).value).toBeCloseTo((Math.sqrt(125) / 25) * 100, 10);
    // Ending at block 2 (excluded): 10 and 20 gwei, mean 15, deviation 5.
    const early = expectedKpis(record, { fromMs: all.fromMs, toMs: (T0 + 3600) * MS }, TEST_CONFIG);
    expect(valueOf(early.gas_price_impact).value).toBeCloseTo((5 / 15) * 100, 10);
    // A day after block 3 only its fee is left in [to − 24 h, to): no variation; a moment later, no block.
    const later = expectedKpis(record, { fromMs: all.fromMs, toMs: (T0 + DAY + 3 * 1800) * MS }, TEST_CONFIG);
    expect(valueOf(later.gas_price_impact).value).toBe(0);
    const none = expectedKpis(record, { fromMs: all.fromMs, toMs: (T0 + DAY + 3 * 1800) * MS + 1 }, TEST_CONFIG);
    expect(valueOf(none.gas_price_impact).value).toBeNull();
  });

  it('node health and network latency are measured at query time', () => {
    expect(kpis.node_health).toMatchObject({ measuredAtQueryTime: true });
    expect(kpis.network_latency_ms).toMatchObject({ measuredAtQueryTime: true });
  });
});
