/**
 * Frames to Grafana's wire form: each frame one Arrow IPC file, as grafana-plugin-sdk-go's
 * data.UnmarshalArrowFrame reads it. Schema metadata `name`, `refId` and `meta` (FrameMeta JSON);
 * field metadata `name`, `labels` and `config` (JSON strings); time as Timestamp(nanosecond) without
 * a time zone (the Go reader takes the raw numbers as nanoseconds whatever unit is declared); a field
 * is nullable exactly when it holds a null, since that flag picks the Go vector type.
 */
import {
  Field as ArrowField,
  Float64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';

import type { Field, Frame } from './frame';

const NS_PER_MS = 1_000_000n;

function fieldMetadata(field: Field): Map<string, string> {
  const metadata = new Map([['name', field.name]]);
  if (field.labels && Object.keys(field.labels).length > 0) {
    metadata.set('labels', JSON.stringify(field.labels));
  }
  if (field.config) {
    metadata.set('config', JSON.stringify(field.config));
  }
  return metadata;
}

function typeOf(field: Field): DataType {
  switch (field.type) {
    case 'time':
      return new TimestampNanosecond();
    case 'number':
      return new Float64();
    case 'string':
      return new Utf8();
  }
}

function columnOf(field: Field): Data {
  switch (field.type) {
    case 'time': {
      const ns = BigInt64Array.from(field.values, (ms) => BigInt(Math.round(ms)) * NS_PER_MS);
      return makeData({ type: new TimestampNanosecond(), length: ns.length, nullCount: 0, data: ns });
    }
    case 'number':
      return vectorFromArray(field.values, new Float64()).data[0];
    case 'string':
      return vectorFromArray(field.values, new Utf8()).data[0];
  }
}

function nullable(field: Field): boolean {
  return field.type !== 'time' && field.values.some((value) => value === null);
}

/** One frame as one Arrow IPC file (`ARROW1` magic), as Grafana expects in DataResponse.frames. */
export function frameToArrow(frame: Frame): Uint8Array {
  const lengths = new Set(frame.fields.map((f) => f.values.length));
  if (lengths.size > 1) {
    throw new Error(`frame "${frame.name}": fields of different lengths (${[...lengths].join(', ')})`);
  }
  const length = lengths.size === 0 ? 0 : [...lengths][0];
  const fields = frame.fields.map((f) => new ArrowField(f.name, typeOf(f), nullable(f), fieldMetadata(f)));
  const metadata = new Map([
    ['name', frame.name],
    ['refId', frame.refId ?? ''],
  ]);
  if (frame.meta) {
    metadata.set('meta', JSON.stringify(frame.meta));
  }
  const schema = new Schema(fields, metadata);
  const columns = frame.fields.map(columnOf);
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: columns })
  );
  return tableToIPC(new Table(schema, [batch]), 'file');
}
