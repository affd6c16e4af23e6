/**
 * The node and endpoint probes against a local stand-in: one batch per node with the methods asked,
 * replies told apart by id whatever their order, and a failure named without the URL.
 */
import { startStandIn, type StandIn } from '../offchain/testStandIn';
import { askNode } from './askNode';
import { probeEndpoint } from './probeEndpoint';
import { probeNode } from './probeNode';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests = [];
});

describe('askNode', () => {
  it('asks every method in one batch and returns the replies by method, whatever their order', async () => {
    standIn.handle = () => ({
      status: 200,
      body: [
        { jsonrpc: '2.0', id: 2, result: '0x10' },
        { jsonrpc: '2.0', id: 1, result: '0x1' },
      ],
    });
    const { replies, roundTripMs } = await askNode(
      { name: 'main', url: `${standIn.url}/rpc` },
      { methods: ['eth_chainId', 'eth_blockNumber'], timeoutMs: 2_000 }
    );
    expect(JSON.parse(standIn.requests[0].body)).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
    ]);
    expect(replies.get('eth_chainId')?.result).toBe('0x1');
    expect(replies.get('eth_blockNumber')?.result).toBe('0x10');
    expect(roundTripMs).toBeGreaterThanOrEqual(0);
  });
});

describe('probeNode', () => {
  it("gives the node's head, and whether it syncs", async () => {
    standIn.handle = () => ({
      status: 200,
      body: [
        { jsonrpc: '2.0', id: 1, result: '0x2a' },
        { jsonrpc: '2.0', id: 2, result: { currentBlock: '0x2a', highestBlock: '0x30' } },
      ],
    });
    const probe = await probeNode({ name: 'main', url: `${standIn.url}/rpc` });
    expect(probe).toMatchObject({ node: 'main', head: 42n, syncing: true });
    expect(probe.error).toBeUndefined();
  });

  it('names an HTTP failure by its status, never by the URL', async () => {
    standIn.handle = () => ({ status: 503, body: {} });
    const probe = await probeNode({ name: 'main', url: `${standIn.url}/secret-key-123` });
    expect(probe).toEqual({ node: 'main', head: null, syncing: false, roundTripMs: null, error: 'HTTP 503' });
  });
});

describe('probeEndpoint', () => {
  it('counts any answer below 500 as up, and 500 and above as down', async () => {
    standIn.handle = () => ({ status: 404, body: {} });
    expect((await probeEndpoint({ name: 'quote-log', url: standIn.url })).roundTripMs).not.toBeNull();
    standIn.handle = () => ({ status: 502, body: {} });
    expect(await probeEndpoint({ name: 'quote-log', url: standIn.url })).toEqual({
      endpoint: 'quote-log',
      roundTripMs: null,
      timeoutMs: 5_000,
      error: 'HTTP 502',
    });
  });
});
