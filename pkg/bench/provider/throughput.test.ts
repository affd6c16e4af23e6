import { computeUnitsOf } from './alchemy';
import { createBucket, take } from './throughput';

describe('throughput budget', () => {
  it("charges Alchemy's compute units per method, the dearest plain read for one it does not list", () => {
    expect(computeUnitsOf('eth_blockNumber')).toBe(10);
    expect(computeUnitsOf('eth_getTransactionReceipt')).toBe(20);
    expect(computeUnitsOf('eth_call')).toBe(26);
    expect(computeUnitsOf('eth_getLogs')).toBe(60);
    expect(computeUnitsOf('eth_chainId')).toBe(0);
    expect(computeUnitsOf('eth_somethingNew')).toBe(26);
  });

  it('serves while the bucket holds the cost, refills at the rate, and never holds more than its window', () => {
    // 500 CU/s over a 10 s window: 5,000 units, full at the start.
    const bucket = createBucket(500, 10, 0);
    expect(take(bucket, 4_000, 0)).toBe(true); // 1,000 left
    expect(take(bucket, 1_300, 0)).toBe(false); // refused, nothing paid
    expect(take(bucket, 1_300, 600)).toBe(true); // 1,000 + 0.6 s · 500 = 1,300: exactly enough
    expect(take(bucket, 1, 600)).toBe(false);
    expect(take(bucket, 5_000, 100_000)).toBe(true); // 100 s refill capped at 5,000
    expect(take(bucket, 1, 100_000)).toBe(false);
  });
});
