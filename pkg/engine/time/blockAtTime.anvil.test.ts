import { startAnvil, type AnvilHandle } from '../../demo/chain/anvil';
import { demoClients } from '../../demo/chain/clients';
import { blockAtOrBefore, type BlockHeader, type BlockReader } from './blockAtTime';
import { createBlockPoints } from './blockPoints';

jest.setTimeout(60_000);

const GENESIS = 1_700_000_000;
const SPACING = 1_800;
const BLOCKS = 500;

describe('blockAtOrBefore against anvil', () => {
  let anvil: AnvilHandle;
  let chain: BlockReader;

  beforeAll(async () => {
    anvil = await startAnvil({ timestamp: GENESIS });
    const clients = demoClients(anvil.url);
    await clients.test.mine({ blocks: BLOCKS, interval: SPACING });
    const header = (block: { number: bigint; timestamp: bigint; hash: string }): BlockHeader => ({
      number: block.number,
      timestamp: block.timestamp,
      hash: block.hash,
    });
    chain = {
      getBlock: async (number) => header(await clients.public.getBlock({ blockNumber: number })),
      head: async () => header(await clients.public.getBlock({ blockTag: 'latest' })),
    };
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it('agrees with the timestamps of the mined blocks', async () => {
    const points = createBlockPoints();
    const head = await chain.head();
    expect(head.number).toBe(BigInt(BLOCKS));
    for (const n of [1n, 2n, 77n, 250n, 499n]) {
      const block = await chain.getBlock(n);
      expect((await blockAtOrBefore(block.timestamp, chain, { points })).hash).toBe(block.hash);
      const justBefore = await blockAtOrBefore(block.timestamp - 1n, chain, { points });
      expect(justBefore.number).toBe(n - 1n);
    }
    expect((await blockAtOrBefore(head.timestamp + 10_000n, chain)).number).toBe(head.number);
    const genesis = await chain.getBlock(0n);
    await expect(blockAtOrBefore(genesis.timestamp - 1n, chain)).rejects.toThrow(/before the chain's first block/);
  });
});
