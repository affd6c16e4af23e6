/**
 * A Dune result as one table frame, each column typed as Grafana should read it: from Dune's
 * `column_types` (Trino's types) when the result has them, else from the values. Numbers are number
 * fields, timestamps and dates time fields, the rest (text, booleans, uint256/int256 that a double
 * would round, arrays, maps) string fields. A column whose values do not all fit its type is shown
 * as text, with a notice, rather than losing a value.
 */
import type { DuneCell, DuneColumn, GetDuneLatestResultReturnType } from '../../engine';
import type { Field, Frame, Notice } from '../wire/frame';

type Kind = 'number' | 'time' | 'string';

/** Trino's numeric types that a double holds (uint256 and int256 can exceed it: they stay text). */
const NUMBER_TYPE = /^(double|real|float|decimal|numeric|bigint|integer|int|smallint|tinyint)\b/i;
const TIME_TYPE = /^(timestamp|date)\b/i;

function kindOfType(type: string): Kind {
  if (NUMBER_TYPE.test(type)) {
    return 'number';
  }
  return TIME_TYPE.test(type) ? 'time' : 'string';
}

/** Without a type: a number column when every value present is a number. */
function kindOfValues(values: readonly DuneCell[]): Kind {
  const present = values.filter((v) => v !== null && v !== undefined);
  return present.length > 0 && present.every((v) => typeof v === 'number') ? 'number' : 'string';
}

/**
 * Dune prints times as `2024-01-01 00:00:00.000 UTC` (and dates as `2024-01-01`); ISO text is read too.
 * Unix milliseconds, or undefined for anything else.
 */
export function duneTimeMs(value: DuneCell): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const iso = value
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2')
    .replace(/ UTC$/, 'Z');
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function asNumber(value: DuneCell): number | null | undefined {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return value;
  }
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

function asText(value: DuneCell): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The column as a field of its kind, or undefined when a value does not fit it. */
function typedField(name: string, kind: Kind, values: readonly DuneCell[]): Field | undefined {
  if (kind === 'number') {
    const numbers = values.map(asNumber);
    return numbers.every((n) => n !== undefined)
      ? { type: 'number', name, values: numbers as Array<number | null> }
      : undefined;
  }
  if (kind === 'time') {
    const times = values.map(duneTimeMs);
    return times.every((t) => t !== undefined) ? { type: 'time', name, values: times as number[] } : undefined;
  }
  return { type: 'string', name, values: values.map(asText) };
}

function fieldOf(column: DuneColumn, values: readonly DuneCell[], notices: Notice[]): Field {
  const kind = column.type === undefined ? kindOfValues(values) : kindOfType(column.type);
  const field = typedField(column.name, kind, values);
  if (field) {
    return field;
  }
  notices.push({
    severity: 'warning',
    text: `Dune column "${column.name}" (${column.type ?? 'no type'}): not every value is a ${kind}, shown as text`,
  });
  return { type: 'string', name: column.name, values: values.map(asText) };
}

export function duneFrame(refId: string, queryId: number, result: GetDuneLatestResultReturnType): Frame {
  const notices: Notice[] = [];
  const fields = result.columns.map((column) =>
    fieldOf(
      column,
      result.rows.map((row) => row[column.name] ?? null),
      notices
    )
  );
  if (result.rows.length === 0) {
    notices.push({ severity: 'info', text: `Dune query ${queryId}: its latest result has no rows` });
  }
  return {
    name: `dune:${queryId}`,
    refId,
    meta: {
      executedQueryString: `Dune query ${queryId}, latest result (execution ${result.executionId}${
        result.executionEndedAt ? `, ended ${result.executionEndedAt}` : ''
      })`,
      custom: {
        duneQueryId: queryId,
        executionId: result.executionId,
        executionEndedAt: result.executionEndedAt ?? null,
      },
      ...(notices.length > 0 ? { notices } : {}),
    },
    fields,
  };
}
