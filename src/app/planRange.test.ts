import { dateTime } from '@grafana/data';

import { rangeParams } from './planContext';
import { rangeOfContext } from './planRange';

describe('plan link ranges', () => {
  it('are written as Grafana URLs write them: milliseconds, or the relative text as typed', () => {
    const from = dateTime(1796023800000);
    const to = dateTime(1796281200001);
    expect(rangeParams({ from, to, raw: { from, to } })).toEqual({ from: '1796023800000', to: '1796281200001' });
    expect(rangeParams({ from, to, raw: { from: 'now-3d', to: 'now' } })).toEqual({ from: 'now-3d', to: 'now' });
  });

  it('are read back: milliseconds as they are, relative times against one now', () => {
    const absolute = rangeOfContext({ from: '1796023800000', to: '1796281200001' })!;
    expect([absolute.from.valueOf(), absolute.to.valueOf()]).toEqual([1796023800000, 1796281200001]);
    // 2026-12-03 12:00 UTC less three days: 2026-11-30 12:00 UTC.
    const now = dateTime(Date.UTC(2026, 11, 3, 12));
    const relative = rangeOfContext({ from: 'now-3d', to: 'now' }, now)!;
    expect([relative.from.valueOf(), relative.to.valueOf()]).toEqual([
      Date.UTC(2026, 10, 30, 12),
      Date.UTC(2026, 11, 3, 12),
    ]);
    expect(relative.raw).toEqual({ from: 'now-3d', to: 'now' });
  });

  it('none asked is none; an end missing, unreadable or out of order is an error', () => {
    expect(rangeOfContext({})).toBeUndefined();
    expect(() => rangeOfContext({ from: 'now' })).toThrow(/is not a range/);
    expect(() => rangeOfContext({ from: 'yesterday-ish', to: 'now' })).toThrow(/is not a range/);
    expect(() => rangeOfContext({ from: 'now', to: 'now-1h' })).toThrow(/is not a range/);
  });
});
