import { ALCHEMY_LIMITS } from './alchemy';
import {
  addWorldHeaders,
  createPresentedChain,
  feeHistory,
  logRange,
  logsOverLimit,
  presentReceipt,
  presentWorldBlock,
  syntheticBlock,
  worldStateParameter,
  type WorldHeader,
} from './presentedChain';
import { syntheticBlockHash, syntheticBlockNumber } from './syntheticIds';

const header = (n: number, timestamp: number, baseFee: string, gasUsed = '0x0'): WorldHeader => ({
  number: `0x${n.toString(16)}`,
  hash: `0x${String(n + 1).repeat(64)}`,
  parentHash: n === 0 ? `0x${'0'.repeat(64)}` : `0x${String(n).repeat(64)}`,
  timestamp: `0x${timestamp.toString(16)}`,
  gasUsed,
  gasLimit: '0x64',
  baseFeePerGas: baseFee,
  transactions: [],
});

// World blocks 30 minutes apart: presented at 0, 150 and 300.
function chain() {
  const presented = createPresentedChain(ALCHEMY_LIMITS, 12);
  addWorldHeaders(presented, [header(0, 0, '0x10'), header(1, 1_800, '0x20', '0x19'), header(2, 3_600, '0x30')]);
  return presented;
}

describe('the presented chain', () => {
  it("reads a made-up block's state at the world block under it, and refuses a block above the head", () => {
    const c = chain();
    expect(worldStateParameter(c, '0x96')).toEqual({ ok: '0x1' }); // 150: world block 1
    expect(worldStateParameter(c, '0x97')).toEqual({ ok: '0x1' }); // 151
    expect(worldStateParameter(c, '0x12b')).toEqual({ ok: '0x1' }); // 299
    expect(worldStateParameter(c, '0x12c')).toEqual({ ok: '0x2' }); // 300: world block 2
    expect(worldStateParameter(c, '0x12d')).toHaveProperty('error.code', -32000);
    expect(worldStateParameter(c, 'latest')).toEqual({ ok: 'latest' });
    expect(worldStateParameter(c, { blockHash: syntheticBlockHash(200) })).toEqual({ ok: { blockNumber: '0x1' } });
    expect(worldStateParameter(c, { blockNumber: '0x95' })).toEqual({ ok: { blockNumber: '0x0' } });
  });

  it('renumbers a world block, its parent being the made-up block before it', () => {
    const c = chain();
    const block = presentWorldBlock(c, c.headers[1]);
    expect(block.number).toBe('0x96');
    expect(block.parentHash).toBe(syntheticBlockHash(149));
    expect(block.hash).toBe(c.headers[1].hash);
  });

  it('makes up a block between two world blocks, linked to the one before', () => {
    const c = chain();
    const block = syntheticBlock(c, 151, false);
    expect(block?.number).toBe('0x97');
    expect(syntheticBlockNumber(block?.hash)).toBe(151);
    expect(block?.parentHash).toBe(c.headers[1].hash);
    // 1,800 s + 1 slot of 1,800 s / 150 slots.
    expect(block?.timestamp).toBe(`0x${(1_812).toString(16)}`);
    expect(block?.baseFeePerGas).toBe('0x20');
    expect(syntheticBlock(c, 150, false)).toBeUndefined();
  });

  it('renumbers a receipt and its logs', () => {
    const receipt = presentReceipt(chain(), { blockNumber: '0x2', logs: [{ blockNumber: '0x2', logIndex: '0x0' }] });
    expect(receipt).toEqual({ blockNumber: '0x12c', logs: [{ blockNumber: '0x12c', logIndex: '0x0' }] });
  });

  it('turns a log range into the world blocks inside it', () => {
    const c = chain();
    expect(logRange(c, '0x1', '0x12c')).toEqual({ ok: { from: 1, to: 300, world: { from: 1, to: 2 } } });
    expect(logRange(c, '0x97', '0x12b')).toEqual({ ok: { from: 151, to: 299, world: undefined } });
    expect(logRange(c, '0x0', 'latest')).toEqual({ ok: { from: 0, to: 300, world: { from: 0, to: 2 } } });
    expect(logRange(c, '0x12c', '0x1')).toHaveProperty('error.code', -32602);
  });

  it('answers fee history from the headers, a made-up block paying the base fee under it', () => {
    // Blocks 148, 149 (made up, under world 0) and 150 (world 1, 0x19 of 0x64 gas); then 151's fee.
    expect(feeHistory(chain(), '0x3', '0x96', [])).toEqual({
      ok: { oldestBlock: '0x94', baseFeePerGas: ['0x10', '0x10', '0x20', '0x20'], gasUsedRatio: [0, 0, 0.25] },
    });
  });

  it("refuses a log answer only past both of Alchemy's limits: 2,000 blocks and 10,000 logs", () => {
    expect(logsOverLimit(ALCHEMY_LIMITS, { from: 0, to: 1_999 }, 20_000)).toBe(false);
    expect(logsOverLimit(ALCHEMY_LIMITS, { from: 0, to: 2_000 }, 10_000)).toBe(false);
    expect(logsOverLimit(ALCHEMY_LIMITS, { from: 0, to: 2_000 }, 10_001)).toBe(true);
  });
});
