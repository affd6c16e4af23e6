/**
 * A data frame as Grafana reads it (grafana-plugin-sdk-go's data.Frame), in plain TypeScript: the
 * handlers build these and know nothing of Arrow; arrow.ts writes them to the wire.
 */

/** Grafana's FieldConfig, the parts this plugin sets (JSON as the Go SDK and the frontend read it). */
export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  description?: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  noValue?: string;
  thresholds?: ThresholdsConfig;
  links?: DataLink[];
  mappings?: ValueMapping[];
}

/** Grafana's value mapping of exact values: the text (and colour) a number is shown as. */
export interface ValueMapping {
  type: 'value';
  options: Record<string, { text: string; color?: string }>;
}

export interface ThresholdsConfig {
  mode: 'absolute' | 'percentage';
  /** The first step's value is null (minus infinity), as Grafana writes it in JSON. */
  steps: Array<{ value: number | null; color: string }>;
}

export interface DataLink {
  title: string;
  url: string;
  targetBlank?: boolean;
}

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** Grafana's FrameMeta, the parts this plugin sets. */
export interface FrameMeta {
  /** The dataplane type, e.g. "timeseries-multi" or "numeric-multi". */
  type?: string;
  typeVersion?: [number, number];
  notices?: Notice[];
  custom?: Record<string, unknown>;
  executedQueryString?: string;
}

interface FieldBase {
  name: string;
  labels?: Record<string, string>;
  config?: FieldConfig;
}

/** Times in Unix milliseconds; written as Timestamp(nanosecond), which is what Grafana's reader assumes. */
export interface TimeField extends FieldBase {
  type: 'time';
  values: number[];
}

/** Nullable exactly when a value is null (the Arrow field's nullable flag picks Grafana's vector type). */
export interface NumberField extends FieldBase {
  type: 'number';
  values: Array<number | null>;
}

export interface StringField extends FieldBase {
  type: 'string';
  values: Array<string | null>;
}

export type Field = TimeField | NumberField | StringField;

export interface Frame {
  name: string;
  refId?: string;
  meta?: FrameMeta;
  fields: Field[];
}
