import { pad } from 'viem';

import { createDensityMap, extendDensity } from './density';
import { matchesFilter } from './logFilter';
import {
  ORDER_FILLED_TOPIC,
  otherFillBlocks,
  otherFillLogs,
  otherFillsEvery,
  otherMaker,
  TRANSFER_TOPIC,
  type OtherFillsPlan,
} from './otherFills';

const plan: OtherFillsPlan = {
  contract: '0x111111125421ca6dc452d289314280a0f8842a65',
  makerToken: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
  takerToken: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48',
  every: 50,
  makers: 3,
};

describe("other makers' fills", () => {
  it('are spaced to be several times ours', () => {
    // 216,000 blocks, 1,500 fills of ours, 5 times as many of others: one every 28.8 → 28 blocks.
    expect(otherFillsEvery(216_000, 1_500, 5)).toBe(28);
    expect(otherFillsEvery(216_000, 0, 5)).toBeUndefined();
  });

  it('sit in made-up blocks only', () => {
    const map = createDensityMap(12);
    extendDensity(map, [0, 1_800, 3_600]); // world blocks at 0, 150, 300
    expect(otherFillBlocks(plan, map, 0, 300)).toEqual([50, 100, 200, 250]);
    expect(otherFillBlocks(plan, map, 51, 199)).toEqual([100]);
  });

  it("are found by a read of the contract's logs, not by a read of our wallets' transfers", () => {
    const logs = otherFillLogs(plan, 100);
    expect(logs.map((log) => log.logIndex)).toEqual(['0x0', '0x1', '0x2']);
    expect(logs.filter((log) => matchesFilter(log, { address: plan.contract }))).toHaveLength(1);
    expect(logs.filter((log) => matchesFilter(log, { topics: [ORDER_FILLED_TOPIC] }))).toHaveLength(1);
    const ours = pad('0x00000000000000000000000000000000000000aa');
    expect(logs.filter((log) => matchesFilter(log, { topics: [TRANSFER_TOPIC, [ours]] }))).toHaveLength(0);
    // Block 100 is the 2nd multiple of 50: maker 2 of 3 ("maker" in hex, then its number).
    expect(otherMaker(plan, 100)).toBe(`0x6d616b6572${'0'.repeat(26)}0002`);
    const maker = pad(otherMaker(plan, 100) as `0x${string}`);
    expect(logs.filter((log) => matchesFilter(log, { topics: [TRANSFER_TOPIC, maker] }))).toHaveLength(1);
    expect(logs.filter((log) => matchesFilter(log, { topics: [TRANSFER_TOPIC, null, maker] }))).toHaveLength(1);
  });
});
