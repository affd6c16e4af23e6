/**
 * Liquidation-buffer breaches: the stretches of the range where a lending position's buffer sat in a
 * warning or critical zone of the KPI's bands, from the engine's own series of the KPI (one event per
 * position and stretch, from the first point in the zone to the first point out of it).
 */
import { stateOf, type BandStep, type State } from '../../../src/core/catalogue';
import type { SeriesPoint } from '../evaluate/evaluate';
import type { PmmEvent } from './types';

const worse = (a: State, b: State): State => (a === 'critical' || b === 'critical' ? 'critical' : 'warning');

export function bufferBreachEvents(
  points: readonly SeriesPoint[],
  bands: readonly BandStep[],
  rangeEndMs: number,
  walletOf: (position: string) => string | undefined
): PmmEvent[] {
  const keys = [...new Set(points.flatMap((p) => Object.keys(p.result?.breakdown ?? {})))].sort();
  const events: PmmEvent[] = [];
  for (const key of keys) {
    let open: { fromMs: number; state: State; lowest: number } | undefined;
    const close = (endMs: number) => {
      if (!open) {
        return;
      }
      const wallet = walletOf(key);
      events.push({
        kind: 'buffer-breach',
        timeMs: open.fromMs,
        timeEndMs: endMs,
        title: `Liquidation buffer ${open.state}: ${key}`,
        text: `The liquidation buffer of ${key} fell to ${open.lowest.toFixed(1)} %, in the ${open.state} zone of its bands.`,
        tags: ['buffer-breach', open.state, key],
        wallets: wallet ? [wallet] : [],
      });
      open = undefined;
    };
    for (const point of points) {
      const value = point.result?.breakdown?.[key];
      const state = value === undefined ? undefined : stateOf([...bands], value);
      if (value !== undefined && (state === 'warning' || state === 'critical')) {
        open = open
          ? { ...open, state: worse(open.state, state), lowest: Math.min(open.lowest, value) }
          : { fromMs: point.timeMs, state, lowest: value };
      } else {
        close(point.timeMs);
      }
    }
    close(rangeEndMs);
  }
  return events;
}
