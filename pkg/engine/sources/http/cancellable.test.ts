import { cancellableHttp } from './cancellable';

describe("a query's cancellable HTTP transport", () => {
  it('sends until the query is cancelled, then neither sends nor waits', async () => {
    const fetch = jest.fn(async () => new Response('{}'));
    const sleep = jest.fn(async () => undefined);
    const query = new AbortController();
    const deps = cancellableHttp({ fetch, sleep }, query.signal);
    await deps.fetch?.('http://127.0.0.1:1/a');
    await deps.sleep?.(10);
    query.abort();
    await expect(deps.fetch?.('http://127.0.0.1:1/b')).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(deps.sleep?.(10)).rejects.toMatchObject({ kind: 'cancelled' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('is the transport itself for a query that cannot be cancelled', () => {
    const deps = { fetch: jest.fn() };
    expect(cancellableHttp(deps, undefined)).toBe(deps);
  });
});
