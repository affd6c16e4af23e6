import { counter, formatPrometheus, histogram, snapshot } from './metrics';

describe('the Prometheus text format', () => {
  it('writes counters, gauges and cumulative histograms with escaped labels', () => {
    const queries = counter('queries_total', 'Queries.');
    queries.inc({ mode: 'instant' });
    queries.inc({ mode: 'instant' }, 2);
    queries.inc({ mode: 'say "hi"\n' });
    const latency = histogram('query_duration_seconds', 'Latency.', [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(5);
    const text = formatPrometheus([
      queries.family(),
      latency.family(),
      snapshot('gauge', 'entries', 'Entries.', [{ labels: { datasource: 'a' }, value: 3 }]),
    ]);
    expect(text).toBe(
      [
        '# HELP pmm_monitor_queries_total Queries.',
        '# TYPE pmm_monitor_queries_total counter',
        'pmm_monitor_queries_total{mode="instant"} 3',
        'pmm_monitor_queries_total{mode="say \\"hi\\"\\n"} 1',
        '# HELP pmm_monitor_query_duration_seconds Latency.',
        '# TYPE pmm_monitor_query_duration_seconds histogram',
        'pmm_monitor_query_duration_seconds_bucket{le="0.1"} 1',
        'pmm_monitor_query_duration_seconds_bucket{le="1"} 2',
        'pmm_monitor_query_duration_seconds_bucket{le="+Inf"} 3',
        'pmm_monitor_query_duration_seconds_sum 5.55',
        'pmm_monitor_query_duration_seconds_count 3',
        '# HELP pmm_monitor_entries Entries.',
        '# TYPE pmm_monitor_entries gauge',
        'pmm_monitor_entries{datasource="a"} 3',
        '',
      ].join('\n')
    );
  });
});
