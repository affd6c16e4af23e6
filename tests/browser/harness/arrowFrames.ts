/**
 * Arrow IPC frames (what the backend sends Grafana over gRPC) to DataFrameJSON (what Grafana's server
 * sends the browser), following the conventions pkg/backend/wire/arrow.ts writes and
 * grafana-plugin-sdk-go reads: schema metadata `name`, `refId`, `meta`; field metadata `name`,
 * `labels`, `config`; Timestamp(nanosecond) times become Unix milliseconds, as Go's FrameToJSON does.
 */
import type { DataFrameJSON, FieldSchema, FieldType } from '@grafana/data';
import { tableFromIPC, Type, type Field as ArrowField, type Vector } from 'apache-arrow';

const NS_PER_MS = 1_000_000n;

type TypeName = 'time' | 'number' | 'string' | 'boolean';

/** @grafana/data cannot load in Node (it touches `window`), so its enum's string values are spelled here. */
const asFieldType = (name: TypeName) => name as unknown as FieldType;

function json<T>(text: string | undefined): T | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

function typeNameOf(field: ArrowField): TypeName {
  switch (field.typeId) {
    case Type.Timestamp:
      return 'time';
    case Type.Float:
    case Type.Int:
      return 'number';
    case Type.Utf8:
      return 'string';
    case Type.Bool:
      return 'boolean';
    default:
      throw new Error(`field "${field.name}": Arrow type ${String(field.type)} is not one the backend writes`);
  }
}

/** The raw nanoseconds, not arrow's own conversion, so the millisecond arithmetic is ours to see. */
function timeValues(vector: Vector): number[] {
  const values: number[] = [];
  for (const data of vector.data) {
    const ns = data.values as BigInt64Array;
    for (let i = 0; i < data.length; i++) {
      values.push(Number(ns[i] / NS_PER_MS));
    }
  }
  return values;
}

export function arrowToFrameJSON(bytes: Uint8Array): DataFrameJSON {
  const table = tableFromIPC(bytes);
  const metadata = table.schema.metadata;
  const fields: FieldSchema[] = [];
  const values: unknown[][] = [];
  table.schema.fields.forEach((field, index) => {
    const type = typeNameOf(field);
    fields.push({
      name: field.metadata.get('name') ?? field.name,
      type: asFieldType(type),
      labels: json(field.metadata.get('labels')),
      config: json(field.metadata.get('config')) ?? {},
    });
    const vector = table.getChildAt(index);
    if (!vector) {
      throw new Error(`field "${field.name}" has no column`);
    }
    // get() and not toArray(): a nullable column's buffer holds 0 where the value is null.
    values.push(
      type === 'time'
        ? timeValues(vector)
        : Array.from({ length: table.numRows }, (_, row) => vector.get(row) as unknown)
    );
  });
  return {
    schema: {
      name: metadata.get('name') || undefined,
      refId: metadata.get('refId') || undefined,
      meta: json(metadata.get('meta')),
      fields,
    },
    data: { values },
  };
}
