/**
 * Reading a JSON answer field by field. Every reader names the field by its path in the answer
 * (`rfqs[3].price`), says what it found and what it expected, so a malformed answer is reported as
 * "this field, this value" and never turns into a crash further down or a silent zero.
 */

/** Thrown by the readers; fetchChecked turns it into an HttpSourceError naming the source. */
export class ShapeError extends Error {
  readonly path: string;

  constructor(path: string, found: unknown, expected: string) {
    super(`${path || 'the answer'} is ${describe(found)}, expected ${expected}`);
    this.name = 'ShapeError';
    this.path = path;
  }
}

/** The longest piece of a string value quoted in a message; answers can be long (or echo a request). */
const PREVIEW_CHARS = 32;

function describe(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `an array of ${value.length}`;
  }
  if (typeof value === 'string') {
    const preview = value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}…` : value;
    return `a string (${JSON.stringify(preview)})`;
  }
  if (typeof value === 'number') {
    return `the number ${value}`;
  }
  if (typeof value === 'boolean') {
    return `${value}`;
  }
  return `an ${typeof value}`;
}

/** A JSON object and where it sits in the answer. */
export type Fields = { readonly path: string; readonly value: Readonly<Record<string, unknown>> };

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

export function objectAt(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ShapeError(path, value, 'an object');
  }
  return { path, value: value as Record<string, unknown> };
}

export function objectField(f: Fields, key: string): Fields {
  return objectAt(f.value[key], join(f.path, key));
}

/** The items of an array field, each with its path (`rfqs[0]`, `rfqs[1]`…). */
export function arrayField(f: Fields, key: string): Array<{ path: string; value: unknown }> {
  const value = f.value[key];
  const path = join(f.path, key);
  if (!Array.isArray(value)) {
    throw new ShapeError(path, value, 'an array');
  }
  return value.map((item: unknown, i) => ({ path: `${path}[${i}]`, value: item }));
}

export function arrayAt(value: unknown, path: string): Array<{ path: string; value: unknown }> {
  if (!Array.isArray(value)) {
    throw new ShapeError(path, value, 'an array');
  }
  return value.map((item: unknown, i) => ({ path: `${path}[${i}]`, value: item }));
}

/** A finite number: JSON has no NaN, but a string such as "4.2" is not a number either. */
export function numberAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ShapeError(path, value, 'a number');
  }
  return value;
}

export function num(f: Fields, key: string): number {
  return numberAt(f.value[key], join(f.path, key));
}

export function numOrNull(f: Fields, key: string): number | null {
  const value = f.value[key];
  if (value === null) {
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ShapeError(join(f.path, key), value, 'a number or null');
  }
  return value;
}

/** A number that may also be absent (for fields an API only sends on request). */
export function optionalNum(f: Fields, key: string): number | undefined {
  return f.value[key] === undefined ? undefined : num(f, key);
}

export function str(f: Fields, key: string): string {
  const value = f.value[key];
  if (typeof value !== 'string' || value === '') {
    throw new ShapeError(join(f.path, key), value, 'a non-empty string');
  }
  return value;
}

export function strOrNull(f: Fields, key: string): string | null {
  const value = f.value[key];
  if (value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new ShapeError(join(f.path, key), value, 'a string or null');
  }
  return value;
}

export function bool(f: Fields, key: string): boolean {
  const value = f.value[key];
  if (typeof value !== 'boolean') {
    throw new ShapeError(join(f.path, key), value, 'true or false');
  }
  return value;
}

export function optionalBool(f: Fields, key: string): boolean | undefined {
  return f.value[key] === undefined ? undefined : bool(f, key);
}

export function oneOf<T extends string>(f: Fields, key: string, options: readonly T[]): T {
  const value = f.value[key];
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ShapeError(join(f.path, key), value, options.map((o) => `"${o}"`).join(' or '));
  }
  return value as T;
}

export type Hex32 = `0x${string}`;

/** A 32-byte hash (order hash, transaction hash) or null. */
export function hashOrNull(f: Fields, key: string): Hex32 | null {
  const value = f.value[key];
  if (value === null) {
    return null;
  }
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new ShapeError(join(f.path, key), value, 'a 32-byte 0x hash or null');
  }
  return value as Hex32;
}
