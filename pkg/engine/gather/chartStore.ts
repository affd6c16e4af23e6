/**
 * CoinGecko market charts kept per engine, so that a query does not spend one CoinGecko call per asset
 * (revision 2 reads a chart for every asset with a CoinGecko id, to check and back up its feed, and the
 * free plan allows 30 calls a minute and 10,000 a month). A query's span is read only where the chart
 * kept does not cover it: earlier times once, and the recent end only once it is REFRESH_SEC past what
 * is kept, since a point may stand in for a block up to COINGECKO_MAX_AGE_MS after it (prices.ts).
 * Past prices do not change, so a kept chart is never read again. A read that fails keeps what was kept.
 */
import type { MarketChartPoint } from '../sources/offchain';

/** Half an hour: with CoinGecko's hourly points, the newest block's point is then at most 90 min old. */
export const REFRESH_SEC = 1_800;

export interface ChartSpan {
  fromSec: number;
  toSec: number;
}

export type ReadChart = (span: ChartSpan) => Promise<MarketChartPoint[]>;

export interface ChartStore {
  /** The chart of a coin over at least `span` (more where more is kept), oldest first. */
  chart(id: string, span: ChartSpan, read: ReadChart): Promise<MarketChartPoint[]>;
}

interface Kept extends ChartSpan {
  points: MarketChartPoint[];
}

/** Two charts as one, oldest first; a time in both keeps the later read's point. */
function merged(a: readonly MarketChartPoint[], b: readonly MarketChartPoint[]): MarketChartPoint[] {
  const byTime = new Map<number, MarketChartPoint>();
  for (const point of [...a, ...b]) {
    byTime.set(point.timeMs, point);
  }
  return [...byTime.values()].sort((x, y) => x.timeMs - y.timeMs);
}

/** `nowSec`: what has happened by now is all a read can cover (a span may reach into the future). */
export function createChartStore(nowSec: () => number = () => Date.now() / 1000): ChartStore {
  const kept = new Map<string, Promise<Kept | undefined>>();
  return {
    chart(id, span, read) {
      const previous = kept.get(id) ?? Promise.resolve(undefined);
      const next = previous.then(async (have): Promise<Kept> => {
        const covered = (to: number) => Math.min(to, nowSec());
        if (!have) {
          return { fromSec: span.fromSec, toSec: covered(span.toSec), points: await read(span) };
        }
        let { fromSec, toSec, points } = have;
        if (span.fromSec < fromSec) {
          points = merged(await read({ fromSec: span.fromSec, toSec: fromSec }), points);
          fromSec = span.fromSec;
        }
        // What has happened by now is all a read can add: a span reaching into the future (a fill's
        // grace after a window ending now) reads again only once now is REFRESH_SEC past what is kept,
        // not on every query (each read is a CoinGecko call per asset, against a per-minute budget).
        if (covered(span.toSec) > toSec + REFRESH_SEC) {
          points = merged(points, await read({ fromSec: toSec, toSec: span.toSec }));
          toSec = Math.max(toSec, covered(span.toSec));
        }
        return { fromSec, toSec, points };
      });
      // Queries of one coin take turns, each from what the last one kept (or what was kept before it failed).
      kept.set(
        id,
        next.catch(() => previous)
      );
      return next.then((k) => k.points);
    },
  };
}
