import { dateTime, type TimeRange } from '@grafana/data';

import { findKpi } from '../core/catalogue';
import { MEASURED_NOW, windowText } from './windowText';

// 2026-11-29 10:30 UTC to 2026-12-02 10:30 UTC.
const FROM = Date.UTC(2026, 10, 29, 10, 30);
const TO = Date.UTC(2026, 11, 2, 10, 30);

describe('windowText', () => {
  it('says the absolute range a history KPI covers, in the dashboard’s time zone', () => {
    const range: TimeRange = {
      from: dateTime(FROM),
      to: dateTime(TO),
      raw: { from: dateTime(FROM), to: dateTime(TO) },
    };
    expect(windowText(findKpi('uptime')!, range, 'utc')).toBe('Over 2026-11-29 10:30 to 2026-12-02 10:30');
  });

  it('names a relative range as Grafana does, with its ends', () => {
    const range: TimeRange = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-3d', to: 'now' } };
    expect(windowText(findKpi('uptime')!, range, 'utc')).toBe(
      'Over Last 3 days (2026-11-29 10:30 to 2026-12-02 10:30)'
    );
  });

  it('says a KPI measured at query time is measured now, whatever the range', () => {
    const range: TimeRange = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-3d', to: 'now' } };
    expect(findKpi('network_latency_ms')!.measuredAtQueryTime).toBe(true);
    expect(windowText(findKpi('network_latency_ms')!, range, 'utc')).toBe(MEASURED_NOW);
  });
});
