/**
 * The plugin's log: one JSON object per line on stderr, in hclog's form (`@level`, `@message`,
 * `@timestamp` with six fractional digits, then the fields), which go-plugin parses and Grafana
 * files under the plugin's logger. stdout belongs to the handshake and carries nothing else. Every
 * line passes through the redactor.
 */
import type { Redactor } from './redactor';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface CreateLoggerParameters {
  redactor: Redactor;
  /** Lowest level written; default info. */
  level?: LogLevel;
  write?: (line: string) => void;
  /** Unix time in milliseconds with a fraction (default: performance's clock, microsecond precise). */
  now?: () => number;
}

/** Go's `2006-01-02T15:04:05.000000Z07:00` in UTC: microseconds, and `Z` for the zone. */
export function hclogTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  const iso = new Date(whole).toISOString(); // 2024-05-01T12:00:00.123Z
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const level = value?.toLowerCase();
  return level && level in RANK ? (level as LogLevel) : undefined;
}

export function createLogger({
  redactor,
  level = 'info',
  write = (line) => process.stderr.write(line),
  now = () => performance.timeOrigin + performance.now(),
}: CreateLoggerParameters): Logger {
  const log = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (RANK[at] < RANK[level]) {
      return;
    }
    const entry: Record<string, unknown> = { '@level': at, '@message': message, '@timestamp': hclogTimestamp(now()) };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined && !key.startsWith('@')) {
        entry[key] = value;
      }
    }
    write(`${redactor.scrub(JSON.stringify(entry))}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
