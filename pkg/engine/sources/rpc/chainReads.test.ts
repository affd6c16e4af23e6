import { createChainReads, type Send } from './chainReads';

const hex = (n: number) => `0x${n.toString(16)}`;

/** A chain the test rewrites: block n's hash is `hashes[n]`, receipts say the block they are in. */
function fakeNode(head: number) {
  const chain = { head, hashes: new Map<number, string>() };
  const hashOf = (n: number) => chain.hashes.get(n) ?? `0xh${n}`;
  const sent: string[] = [];
  const send: Send = async (method, params) => {
    const list = params as unknown[];
    sent.push(`${method} ${JSON.stringify(params)}`);
    switch (method) {
      case 'eth_getBlockByNumber': {
        const n = list[0] === 'latest' ? chain.head : Number(BigInt(list[0] as string));
        return { number: hex(n), hash: hashOf(n), logsBloom: `0x${'0'.repeat(512)}` };
      }
      case 'eth_getTransactionReceipt':
        return list[0] === '0xunknown'
          ? null
          : { blockNumber: hex(Number((list[0] as string).slice(5))), status: '0x1' };
      case 'eth_call':
        if ((list[0] as { data?: string }).data === '0xok') {
          return '0x01';
        }
        throw new Error('execution reverted');
      default:
        return 'ok';
    }
  };
  return { chain, send, sent, hashOf };
}

const latest = ['latest', false];

describe('the store of unchanging JSON-RPC answers', () => {
  it('keeps what a final block holds and never what a tag names', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getBlockByNumber', [hex(10), false], node.send);
    const again = await reads.request('eth_getBlockByNumber', [hex(10), false], node.send);
    await reads.request('eth_getBlockByNumber', latest, node.send);
    // latest, block 10 once, latest again: 3 sent; block 10's second answer came from memory, bloomless.
    expect(node.sent).toHaveLength(3);
    expect(again).toEqual({ number: hex(10), hash: '0xh10' });
    expect(reads.stats()).toMatchObject({ hits: 1, misses: 1, checks: 0 });
  });

  it('keeps no eth_call answer, even at a final block: its state is kept decoded by the block cache', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_call', [{ data: '0xok' }, hex(10)], node.send);
    await reads.request('eth_call', [{ data: '0xok' }, hex(10)], node.send);
    expect(node.sent.filter((line) => line.startsWith('eth_call'))).toHaveLength(2);
    expect(reads.stats().kept).toEqual({});
  });

  it('keeps logs of a range up to 2,048 blocks, not of a wider one (only the same window asks it again)', async () => {
    const node = fakeNode(10_000);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    const narrow = [{ fromBlock: hex(0), toBlock: hex(2_047) }];
    const wide = [{ fromBlock: hex(0), toBlock: hex(2_048) }];
    for (let i = 0; i < 2; i++) {
      await reads.request('eth_getLogs', narrow, node.send);
      await reads.request('eth_getLogs', wide, node.send);
    }
    // The narrow range once, the wide one twice.
    expect(node.sent.filter((line) => line.startsWith('eth_getLogs'))).toEqual([
      `eth_getLogs ${JSON.stringify(narrow)}`,
      `eth_getLogs ${JSON.stringify(wide)}`,
      `eth_getLogs ${JSON.stringify(wide)}`,
    ]);
  });

  it('keeps a recent answer while the chain is one chain, checked once per head move', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    expect(node.sent).toHaveLength(2);
    // One new block on top: the next recent answer first reads block 100 again (unchanged), then is served.
    node.chain.head = 101;
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    expect(node.sent.slice(2)).toEqual([
      'eth_getBlockByNumber ["latest",false]',
      'eth_getBlockByNumber ["0x64",false]',
    ]);
    expect(reads.stats()).toMatchObject({ hits: 3, checks: 1, reorgs: 0 });
  });

  it('reads a recent answer again after a reorg, found by the check or by a head replaced in place', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    // Block 100 replaced, and a block 101 on the new branch: the check finds block 100's hash changed.
    node.chain.hashes.set(100, '0xother100');
    node.chain.head = 101;
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    expect(node.sent.filter((s) => s.startsWith('eth_getTransactionReceipt'))).toHaveLength(2);
    expect(reads.stats()).toMatchObject({ checks: 1, reorgs: 1 });
    // The head replaced at its own height (anvil's revert and re-mine): no check needed to know.
    node.chain.hashes.set(101, '0xother101');
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_99'], node.send);
    expect(node.sent.filter((s) => s.startsWith('eth_getTransactionReceipt'))).toHaveLength(3);
    expect(reads.stats()).toMatchObject({ checks: 1, reorgs: 2 });
  });

  it('keeps a final answer through a reorg near the head', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ finalityDepth: 64 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_20'], node.send);
    node.chain.hashes.set(100, '0xother100');
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_20'], node.send);
    expect(node.sent.filter((s) => s.startsWith('eth_getTransactionReceipt'))).toHaveLength(1);
  });

  it('keeps no failure, no empty answer, nothing before a head is known and nothing above it', async () => {
    const node = fakeNode(100);
    const reads = createChainReads();
    await reads.request('eth_getTransactionReceipt', ['0xtx_5'], node.send);
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getTransactionReceipt', ['0xtx_5'], node.send);
    await expect(reads.request('eth_call', [{}, hex(5)], node.send)).rejects.toThrow('reverted');
    await expect(reads.request('eth_call', [{}, hex(5)], node.send)).rejects.toThrow('reverted');
    await reads.request('eth_getTransactionReceipt', ['0xunknown'], node.send);
    await reads.request('eth_getTransactionReceipt', ['0xunknown'], node.send);
    await reads.request('eth_getBlockByNumber', [hex(150), false], node.send);
    await reads.request('eth_getBlockByNumber', [hex(150), false], node.send);
    // Receipt 5 twice (no head the first time), both calls, both unknowns, block 150 twice, and latest.
    expect(node.sent).toHaveLength(9);
    expect(reads.stats().entries).toBe(1);
  });

  it('keeps answers by block hash for good, and within its byte budget', async () => {
    const node = fakeNode(100);
    const reads = createChainReads({ maxBytes: 1_000 });
    for (let i = 0; i < 20; i++) {
      await reads.request('eth_getBlockByHash', [`0xhash${i}`, false], node.send);
    }
    const { bytes, entries, evictions } = reads.stats();
    expect(bytes).toBeLessThanOrEqual(1_000);
    expect(entries + evictions).toBe(20);
    expect(evictions).toBeGreaterThan(0);
    // The newest is still there.
    await reads.request('eth_getBlockByHash', ['0xhash19', false], node.send);
    expect(node.sent).toHaveLength(20);
  });

  it('keeps headers apart: answers of other methods, however many, never push a header out', async () => {
    const node = fakeNode(1_000);
    // 4,000 bytes: 1,000 for headers, 3,000 for the rest.
    const reads = createChainReads({ maxBytes: 4_000 });
    await reads.request('eth_getBlockByNumber', latest, node.send);
    await reads.request('eth_getBlockByNumber', [hex(10), false], node.send);
    for (let i = 0; i < 100; i++) {
      await reads.request('eth_getBalance', ['0xwallet', hex(100 + i)], node.send);
    }
    const sent = node.sent.length;
    await reads.request('eth_getBlockByNumber', [hex(10), false], node.send);
    expect(node.sent).toHaveLength(sent);
    expect(reads.stats().evictions).toBeGreaterThan(0);
    expect(reads.stats().bytes).toBeLessThanOrEqual(4_000);
  });
});
