import { cutAnswer, restoreAnswer } from './answerCuts';

const receipt = {
  transactionHash: '0xt1',
  transactionIndex: '0x2',
  blockHash: '0xb1',
  blockNumber: '0x10',
  from: '0xf',
  to: '0xc',
  contractAddress: null,
  cumulativeGasUsed: '0x99999',
  gasUsed: '0x5208',
  effectiveGasPrice: '0x3b9aca00',
  logsBloom: `0x${'0'.repeat(512)}`,
  status: '0x1',
  type: '0x2',
  logs: [
    {
      address: '0xa',
      topics: ['0xddf2', '0x01'],
      data: '0x64',
      blockHash: '0xb1',
      blockNumber: '0x10',
      transactionHash: '0xt1',
      transactionIndex: '0x2',
      logIndex: '0x5',
      removed: false,
    },
  ],
};

describe('answers cut to what the engine reads', () => {
  it('gives a receipt back as the node sent it, less its bloom and cumulative gas', () => {
    const kept = cutAnswer('eth_getTransactionReceipt', ['0xt1'], receipt) as { logs: object[] };
    // What is kept of a log: its own fields only.
    expect(kept.logs[0]).toEqual({ address: '0xa', topics: ['0xddf2', '0x01'], data: '0x64', logIndex: '0x5' });
    const { logsBloom: _bloom, cumulativeGasUsed: _cumulative, ...expected } = receipt;
    expect(restoreAnswer('eth_getTransactionReceipt', kept)).toEqual(expected);
  });

  it('cuts a header to number, hash, parent, time and base fee, and leaves a block with its transactions whole', () => {
    const block = {
      number: '0x10',
      hash: '0xb1',
      parentHash: '0xb0',
      timestamp: '0x6553f100',
      baseFeePerGas: '0x7',
      stateRoot: '0x5',
      miner: '0x0',
      transactions: ['0xt1'],
    };
    expect(cutAnswer('eth_getBlockByNumber', ['0x10', false], block)).toEqual({
      number: '0x10',
      hash: '0xb1',
      parentHash: '0xb0',
      timestamp: '0x6553f100',
      baseFeePerGas: '0x7',
    });
    expect(cutAnswer('eth_getBlockByHash', ['0xb1', false], block)).not.toHaveProperty('transactions');
    expect(cutAnswer('eth_getBlockByNumber', ['0x10', true], block)).toBe(block);
  });

  it('keeps a fee history page to its base fees and leaves other methods and empty answers alone', () => {
    const page = { oldestBlock: '0x10', baseFeePerGas: ['0x1', '0x2', '0x3'], gasUsedRatio: [0.5, 0.5], reward: [] };
    expect(cutAnswer('eth_feeHistory', ['0x2', '0x11', []], page)).toEqual({
      oldestBlock: '0x10',
      baseFeePerGas: ['0x1', '0x2', '0x3'],
    });
    expect(cutAnswer('eth_getTransactionReceipt', ['0xt9'], null)).toBeNull();
    expect(cutAnswer('eth_getLogs', [{}], [{ a: 1 }])).toEqual([{ a: 1 }]);
  });
});
