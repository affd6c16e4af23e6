/** Types of scripts/measure-backend.mjs, for TypeScript callers such as pkg/bench. */
export interface HandshakeMeasurement {
  executable: string;
  /** Size of the executable file. */
  bytes: number;
  runs: number;
  /** Median time from spawn to go-plugin's handshake line on stdout. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  /** VmRSS of the first start, just after its handshake (no request served); undefined off Linux. */
  idleRssBytes: number | undefined;
}

/** dist/datasource/<plugin.json executable>_linux_<this machine's arch>. */
export function defaultExecutable(): string;

/** A process's memory, in bytes, from /proc/<pid>/status. */
export interface ProcessMemory {
  /** VmRSS */
  rssBytes: number;
  /** VmHWM */
  peakRssBytes: number;
  /** RssAnon: the process's own memory. */
  anonBytes: number;
  /** RssFile + RssShmem: pages of mapped files (the executable), which depend on the page cache. */
  fileBytes: number;
}

/** VmRSS, VmHWM and VmRSS's parts; undefined when /proc cannot be read. */
export function readMemory(pid: number): ProcessMemory | undefined;

/** Starts the executable `runs` times (default 10) as Grafana does and times spawn → handshake line. */
export function measureHandshake(
  executable?: string,
  options?: { runs?: number; env?: Record<string, string> }
): Promise<HandshakeMeasurement>;

export interface QueryLoadMeasurement {
  executable: string;
  /** One QueryData request per mode and round, each asking every KPI. */
  requests: Array<{ mode: 'instant' | 'range'; ms: number; queries: number; failed: number; frames: number }>;
  /** VmRSS once the requests are answered. */
  rssAfterBytes: number | undefined;
  /** Highest VmRSS sampled (every 20 ms) or VmHWM, whichever is higher. */
  peakRssBytes: number;
  /** VmRSS's parts at the highest sample. */
  atPeak: Pick<ProcessMemory, 'anonBytes' | 'fileBytes'> | undefined;
}

/** The catalogue's KPI ids, from `pmm-monitor catalogue --json`. */
export function catalogueIds(): string[];

/**
 * Starts the executable and sends QueryData for every KPI (instant, then range; `rounds` times) with
 * `settings` as the data source's jsonData, over the last `hours` (default 72), sampling its memory.
 */
export function measureQueryLoad(
  executable?: string,
  options?: {
    settings?: unknown;
    kpis?: string[];
    hours?: number;
    rounds?: number;
    timeoutMs?: number;
  }
): Promise<QueryLoadMeasurement>;
