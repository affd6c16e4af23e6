/** The charts kept across queries: which spans are read, and what a failed read leaves. */
import { createChartStore, REFRESH_SEC, type ChartSpan, type ReadChart } from './chartStore';

/** A CoinGecko stand-in with a point every 1,000 s (price = the time in seconds), recording what is asked. */
function coingecko(fail = false) {
  const asked: ChartSpan[] = [];
  const read: ReadChart = async (span) => {
    asked.push(span);
    if (fail) {
      throw new Error('HTTP 429');
    }
    const points = [];
    for (let t = Math.ceil(span.fromSec / 1000) * 1000; t <= span.toSec; t += 1000) {
      points.push({ timeMs: t * 1000, price: t });
    }
    return points;
  };
  return { asked, read };
}

const NOW = 100_000;

describe('createChartStore', () => {
  it('reads a span once, then only what is earlier, and the recent end once it is REFRESH_SEC on', async () => {
    const store = createChartStore(() => NOW);
    const { asked, read } = coingecko();
    expect((await store.chart('ethereum', { fromSec: 50_000, toSec: 60_000 }, read)).map((p) => p.price)).toEqual([
      50_000, 51_000, 52_000, 53_000, 54_000, 55_000, 56_000, 57_000, 58_000, 59_000, 60_000,
    ]);
    // Inside what is kept, and a recent end less than REFRESH_SEC on: no read.
    await store.chart('ethereum', { fromSec: 52_000, toSec: 60_000 + REFRESH_SEC }, read);
    // Earlier, and later by more than REFRESH_SEC: the two missing pieces only.
    const wider = await store.chart('ethereum', { fromSec: 48_000, toSec: 60_000 + REFRESH_SEC + 1 }, read);
    expect(asked).toEqual([
      { fromSec: 50_000, toSec: 60_000 },
      { fromSec: 48_000, toSec: 50_000 },
      { fromSec: 60_000, toSec: 61_801 },
    ]);
    // One point per time, oldest first.
    expect(wider.map((p) => p.price)).toEqual([
      48_000, 49_000, 50_000, 51_000, 52_000, 53_000, 54_000, 55_000, 56_000, 57_000, 58_000, 59_000, 60_000, 61_000,
    ]);
    // Another coin is its own chart.
    await store.chart('tether', { fromSec: 50_000, toSec: 60_000 }, read);
    expect(asked).toHaveLength(4);
  });

  it('counts a span reaching past now as covered up to now only, and reads its end again once now is REFRESH_SEC on', async () => {
    let now = NOW;
    const store = createChartStore(() => now);
    const { asked, read } = coingecko();
    await store.chart('ethereum', { fromSec: 90_000, toSec: NOW + 3_600 }, read);
    // The same span a moment later (an alert rule's next query): nothing has happened since.
    now = NOW + 60;
    await store.chart('ethereum', { fromSec: 90_000, toSec: now + 3_600 }, read);
    // Later by more than REFRESH_SEC than what was kept (now, then): the recent end once.
    now = NOW + REFRESH_SEC + 1;
    await store.chart('ethereum', { fromSec: 90_000, toSec: now + 3_600 }, read);
    expect(asked).toEqual([
      { fromSec: 90_000, toSec: NOW + 3_600 },
      { fromSec: NOW, toSec: NOW + REFRESH_SEC + 1 + 3_600 },
    ]);
  });

  it('fails the query whose read fails, and keeps what was kept for the next one', async () => {
    const store = createChartStore(() => NOW);
    const good = coingecko();
    await store.chart('ethereum', { fromSec: 50_000, toSec: 60_000 }, good.read);
    const bad = coingecko(true);
    await expect(store.chart('ethereum', { fromSec: 40_000, toSec: 60_000 }, bad.read)).rejects.toThrow('HTTP 429');
    expect(await store.chart('ethereum', { fromSec: 55_000, toSec: 60_000 }, bad.read)).toHaveLength(11);
    expect(bad.asked).toHaveLength(1);
  });
});
