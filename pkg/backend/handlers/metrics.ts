/**
 * The plugin's own metrics, served through CollectMetrics in Prometheus's text format (Grafana
 * exposes them at /api/plugins/halo-pmm-datasource/metrics). A few counters, gauges and one
 * histogram need no client library: this file is the whole of it, and the format test pins it.
 */

export type Labels = Record<string, string>;

const PREFIX = 'pmm_monitor_';

/** Query latency buckets, seconds: a cached refresh takes well under a second, a cold month tens. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface Sample {
  labels: Labels;
  value: number;
  /** A histogram's `_bucket`, `_sum` or `_count`. */
  suffix?: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: Sample[];
}

// Code-point order, not localeCompare: label names are ASCII, and a collator maps ICU's locale data.
function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  family(): MetricFamily;
}

export function counter(name: string, help: string): Counter {
  const values = new Map<string, Sample>();
  return {
    inc(labels = {}, by = 1) {
      const key = keyOf(labels);
      const sample = values.get(key) ?? { labels, value: 0 };
      sample.value += by;
      values.set(key, sample);
    },
    family: () => ({ name: PREFIX + name, help, type: 'counter', samples: [...values.values()] }),
  };
}

export interface Histogram {
  observe(seconds: number, labels?: Labels): void;
  family(): MetricFamily;
}

export function histogram(name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS): Histogram {
  const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  return {
    observe(seconds, labels = {}) {
      const key = keyOf(labels);
      const entry = series.get(key) ?? { labels, counts: buckets.map(() => 0), sum: 0, count: 0 };
      // Cumulative, as the format wants: a bucket counts every observation at or below its bound.
      buckets.forEach((le, i) => {
        if (seconds <= le) {
          entry.counts[i]++;
        }
      });
      entry.sum += seconds;
      entry.count++;
      series.set(key, entry);
    },
    family() {
      const samples: Sample[] = [];
      for (const entry of series.values()) {
        buckets.forEach((le, i) =>
          samples.push({ suffix: '_bucket', labels: { ...entry.labels, le: String(le) }, value: entry.counts[i] })
        );
        samples.push({ suffix: '_bucket', labels: { ...entry.labels, le: '+Inf' }, value: entry.count });
        samples.push({ suffix: '_sum', labels: entry.labels, value: entry.sum });
        samples.push({ suffix: '_count', labels: entry.labels, value: entry.count });
      }
      return { name: PREFIX + name, help, type: 'histogram', samples };
    },
  };
}

/** A family whose values are read when collected (cache statistics, process figures). */
export function snapshot(type: 'counter' | 'gauge', name: string, help: string, samples: Sample[]): MetricFamily {
  return { name: PREFIX + name, help, type, samples };
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return String(value);
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    return '';
  }
  return `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
}

/** Prometheus text exposition format 0.0.4. */
export function formatPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
