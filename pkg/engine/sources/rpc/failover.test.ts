import { createPublicClient, custom, HttpRequestError, RpcRequestError } from 'viem';
import { getBlockNumber } from 'viem/actions';

import { failover, triedEveryNode } from './failover';

/** A node as a viem custom transport: `behave` answers or throws, and every call is counted. */
function node(name: string, behave: () => unknown) {
  const calls: string[] = [];
  const transport = custom(
    {
      async request({ method }: { method: string }) {
        calls.push(method);
        return behave();
      },
    },
    { key: name, name, retryCount: 0 }
  );
  return { transport, calls };
}

const down = (url: string) => () => {
  throw new HttpRequestError({ url, status: 503, details: 'down' });
};
const up = () => '0x10';

function clientOver(transports: Array<ReturnType<typeof node>>, now: () => number) {
  return createPublicClient({
    transport: failover(
      transports.map((t) => t.transport),
      { cooldownMs: 1_000, now }
    ),
  });
}

describe('failover', () => {
  it('tries a node that just failed after the others until its cool-down ends', async () => {
    let time = 0;
    const first = node('first', down('http://first'));
    const second = node('second', up);
    const client = clientOver([first, second], () => time);

    await expect(getBlockNumber(client, { cacheTime: 0 })).resolves.toBe(16n);
    expect([first.calls.length, second.calls.length]).toEqual([1, 1]);
    // Within the cool-down the failed node is not asked first, so no call waits on it.
    await getBlockNumber(client, { cacheTime: 0 });
    expect([first.calls.length, second.calls.length]).toEqual([1, 2]);
    // After it, the configured order is back.
    time = 1_001;
    await getBlockNumber(client, { cacheTime: 0 });
    expect([first.calls.length, second.calls.length]).toEqual([2, 3]);
  });

  it('does not demote a node that answered with a JSON-RPC error', async () => {
    const first = node('first', () => {
      throw new RpcRequestError({ body: {}, url: 'http://first', error: { code: -32601, message: 'no such method' } });
    });
    const second = node('second', up);
    const client = clientOver([first, second], () => 0);
    await getBlockNumber(client, { cacheTime: 0 });
    await getBlockNumber(client, { cacheTime: 0 });
    expect([first.calls.length, second.calls.length]).toEqual([2, 2]);
  });

  it('marks the error when every node failed, and the last one tried is the one that failed most recently', async () => {
    const first = node('first', down('http://first'));
    const second = node('second', down('http://second'));
    const client = clientOver([first, second], () => 0);
    const error = await getBlockNumber(client, { cacheTime: 0 }).catch((e: unknown) => e);
    expect(triedEveryNode(error)).toBe(true);
    expect(String(error)).toContain('http://second');
  });
});

describe('failover while every node cools down', () => {
  it('fails at once with the last word of the node back soonest, without calling any node', async () => {
    let time = 0;
    const first = node('first', down('http://first'));
    const second = node('second', down('http://second'));
    const client = clientOver([first, second], () => time);
    await getBlockNumber(client, { cacheTime: 0 }).catch(() => undefined);
    time = 500;
    const error = await getBlockNumber(client, { cacheTime: 0 }).catch((e: unknown) => e);
    expect([first.calls.length, second.calls.length]).toEqual([1, 1]);
    expect(triedEveryNode(error)).toBe(true);
    expect(String(error)).toContain('http://first');
    // Once the cool-down ends, the nodes are asked again.
    time = 1_001;
    await getBlockNumber(client, { cacheTime: 0 }).catch(() => undefined);
    expect([first.calls.length, second.calls.length]).toEqual([2, 2]);
  });
});
