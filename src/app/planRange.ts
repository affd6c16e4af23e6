/**
 * The time range a plan link asks for (planContext.ts), read as Grafana reads its own URLs' `from` and
 * `to`: Unix milliseconds, or relative times (now-7d) against one "now".
 */
import { dateMath, dateTime, type DateTime, type TimeRange } from '@grafana/data';

import { PmmError } from '../core/errors';
import type { PlanContext } from './planContext';

function parseTime(text: string, roundUp: boolean, now: DateTime): DateTime | undefined {
  if (/^\d+$/.test(text)) {
    return dateTime(Number(text));
  }
  const parsed = dateMath.toDateTime(text, { roundUp, now });
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * The range a link asks for, or undefined when it asks for none. Throws when its `from` and `to` do not
 * read as a range (one missing, not a time, or not in order).
 */
export function rangeOfContext(context: PlanContext, now: DateTime = dateTime()): TimeRange | undefined {
  if (context.from === undefined && context.to === undefined) {
    return undefined;
  }
  // Both ends read against one "now", so now-7d to now is exactly seven days.
  const from = context.from !== undefined ? parseTime(context.from, false, now) : undefined;
  const to = context.to !== undefined ? parseTime(context.to, true, now) : undefined;
  if (!from || !to || from.valueOf() >= to.valueOf()) {
    throw new PmmError('query', `the link's range from=${context.from ?? '?'} to=${context.to ?? '?'} is not a range`, {
      fix: 'give from and to as Unix milliseconds or as Grafana relative times (now-7d), from before to',
    });
  }
  return { from, to, raw: { from: context.from ?? from, to: context.to ?? to } };
}
