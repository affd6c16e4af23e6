import { limitedFetch } from './limitedFetch';

describe('limitedFetch', () => {
  it('keeps at most maxConcurrent requests in flight and times each from when it is sent', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: typeof fetch = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 40));
      inFlight--;
      return new Response('{}', { status: 200 });
    };
    // Ten requests of 40 ms, two at a time: the last waits ~160 ms in the queue, longer than the
    // 100 ms timeout, and must still succeed because its clock starts when it is sent.
    const limited = limitedFetch({ maxConcurrent: 2, timeoutMs: 100, fetch: slow });
    const answers = await Promise.all(Array.from({ length: 10 }, () => limited('http://127.0.0.1:1/')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(most).toBe(2);
  });

  it('aborts a request that is not answered in time, and frees its slot', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const limited = limitedFetch({ maxConcurrent: 1, timeoutMs: 30, fetch: hang });
    await expect(limited('http://127.0.0.1:1/')).rejects.toThrow(/no answer within 30 ms/);
    await expect(limited('http://127.0.0.1:1/')).rejects.toThrow(/no answer within 30 ms/);
  });
});
