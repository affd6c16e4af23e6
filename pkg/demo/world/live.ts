/**
 * The live demo: after the month, one block per live interval at wall-clock time (timestamp = now),
 * planned by the live desk (sim/live.ts), mined by the same WorldMiner as the month, and appended to
 * the ledger record with its hedge venue state, so the ledger and the endpoints cover it. The clock
 * is injected: the demo passes the system clock, tests and the memory measurement a manual one that
 * never waits.
 */
import type { WorldRecord } from '../ledger/record';
import { HedgeVenueSimulation } from '../sim/hedge';
import { liveDesk, LIVE_INTERVAL_SEC, planLiveBlock, type LiveDesk } from '../sim/live';
import { seededRandom } from '../sim/random';
import { WETH_LIQUIDATION_THRESHOLDS } from './deployWorld';
import type { WorldMiner } from './simulate';

export interface LiveClock {
  nowMs(): number;
  /** Resolves after `ms` (at once when ms ≤ 0) or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: LiveClock = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    }),
};

/** A clock that jumps ahead instead of waiting: live blocks as fast as the chain mines them. */
export function manualClock(startMs: number): LiveClock & { advance(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    sleep: (ms) => {
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface LiveOptions {
  intervalSec?: number;
  clock?: LiveClock;
  /** Stop after this many blocks (default: until stopped). */
  maxBlocks?: number;
  /** Called after each live block is recorded. */
  onBlock?: (index: number, timestamp: number) => void;
}

export interface LiveRun {
  /** Settles when the loop ends: after stop(), after maxBlocks, or with the error that ended it. */
  done: Promise<number>;
  /** Ends the loop after the block being mined (if any) and waits for it. */
  stop(): Promise<void>;
  readonly desk: LiveDesk;
}

/**
 * Starts mining live blocks on a world whose month is in `record` (and on chain). The first block
 * comes one interval after the start; the scripted moments' cycle starts at the start.
 */
export function startLive(record: WorldRecord, miner: WorldMiner, options: LiveOptions = {}): LiveRun {
  const clock = options.clock ?? systemClock;
  const intervalSec = options.intervalSec ?? LIVE_INTERVAL_SEC;
  const { scenario, book } = record.plan;
  if (!book) {
    throw new Error('the plan carries no book after its month: plan it with planWorld');
  }
  if (record.blocks.length !== record.plan.blocks.length) {
    throw new Error(`live blocks start after the month: ${record.blocks.length} of ${record.plan.blocks.length} mined`);
  }
  // The venue's account after the month, stepped as the month's record was.
  const venue = new HedgeVenueSimulation();
  for (const block of record.plan.blocks) {
    venue.step(block, scenario.intervalSec);
  }
  const startMs = clock.nowMs();
  const desk = liveDesk(record.plan.blocks, book, {
    startSec: Math.floor(startMs / 1000),
    intervalSec,
    thresholds: WETH_LIQUIDATION_THRESHOLDS,
  });
  const random = seededRandom(scenario.seed, 'live');
  const controller = new AbortController();
  const { signal } = controller;

  const loop = async (): Promise<number> => {
    let mined = 0;
    let next = startMs + intervalSec * 1000;
    while (!signal.aborted && (options.maxBlocks === undefined || mined < options.maxBlocks)) {
      await clock.sleep(next - clock.nowMs(), signal);
      if (signal.aborted) {
        break;
      }
      const previous = desk.timestamp;
      const timestamp = Math.max(Math.floor(clock.nowMs() / 1000), previous + 1);
      const planned = planLiveBlock(desk, timestamp, random);
      const hedge = venue.step(planned, timestamp - previous);
      record.append(await miner.mine(planned), { hedge });
      mined += 1;
      options.onBlock?.(planned.index, timestamp);
      // Behind (a block slower than the interval): the next one starts at once, without catching up.
      next = Math.max(next + intervalSec * 1000, clock.nowMs());
    }
    return mined;
  };
  const done = loop();
  return {
    done,
    desk,
    stop: async () => {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
}
