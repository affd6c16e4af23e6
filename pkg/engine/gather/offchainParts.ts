/** Dataset parts read from the market maker's own endpoints: the quote log and the hedge venue. */
import { PmmError } from '../../../src/core/errors';
import type { Window } from '../model';
import {
  getHedgeAccount,
  getHedgeHistory,
  getQuoteLog,
  type HedgeAccount,
  type QuoteLogRfq,
} from '../sources/offchain';
import { lastAtOrBefore } from '../kpis/timeIndex';
import type { GatherContext } from './context';

export async function readQuoteLog(ctx: GatherContext, window: Window): Promise<QuoteLogRfq[]> {
  const url = ctx.settings.endpoints.quoteLogUrl;
  if (!url) {
    throw new PmmError('quote-log', 'no quote log is configured', {
      fix: "set the quote log URL in the data source's endpoints",
    });
  }
  return getQuoteLog({ url, fromMs: window.fromMs, toMs: window.toMs }, ctx.http);
}

export interface HedgeStates {
  /** The state in force before the first one (undefined when the account opened inside the range). */
  before: HedgeAccount | undefined;
  states: HedgeAccount[];
}

function hedgeUrl(ctx: GatherContext): string {
  const url = ctx.settings.venues.hedge?.url;
  if (!url) {
    throw new PmmError('hedge-venue', 'no hedge venue is configured', {
      fix: "set the hedge venue's URL in the data source's venues",
    });
  }
  return url;
}

/** Every recorded state from `fromMs` to `toMs`, and the one before them. */
export async function readHedgeStates(ctx: GatherContext, fromMs: number, toMs: number): Promise<HedgeStates> {
  const url = hedgeUrl(ctx);
  const apiKey = ctx.secrets.hedgeKey;
  const fromSec = Math.ceil(fromMs / 1000);
  const [states, before] = await Promise.all([
    getHedgeHistory({ url, apiKey, fromSec, toSec: Math.floor(toMs / 1000) }, ctx.http),
    getHedgeAccount({ url, apiKey, atSec: fromSec - 1 }, ctx.http).catch((error: unknown) => {
      // No state before the range: the account opened inside it.
      if (error instanceof PmmError && 'status' in error && error.status === 404) {
        return undefined;
      }
      throw error;
    }),
  ]);
  return { before, states };
}

/** A hedge state's time, in ms (a module constant: timeIndex.ts keeps one sorted view per array and key). */
const stateTimeMs = (state: HedgeAccount): number => state.timestamp * 1000;

/**
 * The state in force at a time: the last at or before it, found by binary search (every state block
 * of a query looks one up, in a month of states).
 */
export function hedgeAt(hedge: HedgeStates, timeMs: number): HedgeAccount | undefined {
  return lastAtOrBefore(hedge.states, stateTimeMs, timeMs) ?? hedge.before;
}
