/**
 * A small shape language for JSON that arrives untyped (a data source's jsonData, a `--config` file):
 * one value describes a field's kind, whether it must be there, and the TypeScript type it reads as,
 * so the checker and the type cannot say different things. `readShape` checks a value against a shape
 * and rebuilds it typed: every problem named by its path, unknown keys left out, absent lists and
 * objects that have a default filled in.
 */
import type { SettingsProblem } from './types';

export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** `defaulted`: may be absent in the JSON, always present once read (an empty list or object). */
export type Presence = 'required' | 'optional' | 'defaulted';

export interface Shape<T, P extends Presence = Presence> {
  readonly kind: Kind;
  readonly presence: P;
  /** For a string: the only values allowed. */
  readonly oneOf?: readonly string[];
  /** For an object: its fields. */
  readonly fields?: Readonly<Record<string, AnyShape>>;
  /** For a list: the shape of each element. */
  readonly item?: AnyShape;
  /** Never set: carries the type the shape reads as. */
  readonly type?: T;
}

type AnyShape = Shape<unknown>;
type Fields = Readonly<Record<string, AnyShape>>;

/** The type a shape reads as. */
export type TypeOf<S> = S extends Shape<infer T, Presence> ? T : never;

type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Shape<unknown, 'optional'> ? K : never }[keyof F];

/** One object type, not an intersection, so it compares equal to a hand-written interface. */
type Flat<T> = { [K in keyof T]: T[K] };

export type ObjectOf<F extends Fields> = Flat<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: TypeOf<F[K]> } & { [K in OptionalKeys<F>]?: TypeOf<F[K]> }
>;

export function string<T extends string = string>(oneOf?: readonly T[]): Shape<T, 'optional'> {
  return { kind: 'string', presence: 'optional', oneOf };
}

export function number(): Shape<number, 'optional'> {
  return { kind: 'number', presence: 'optional' };
}

export function boolean(): Shape<boolean, 'optional'> {
  return { kind: 'boolean', presence: 'optional' };
}

export function object<F extends Fields>(fields: F): Shape<ObjectOf<F>, 'optional'> {
  return { kind: 'object', presence: 'optional', fields };
}

export function list<S extends AnyShape>(item: S): Shape<Array<TypeOf<S>>, 'optional'> {
  return { kind: 'array', presence: 'optional', item };
}

/** An object whose entries another check judges (it names them better); only its kind is checked here. */
export function opaqueObject<T extends object>(): Shape<T, 'optional'> {
  return { kind: 'object', presence: 'optional' };
}

export function required<T>(shape: Shape<T>): Shape<T, 'required'> {
  return { ...shape, presence: 'required' };
}

/** Absent (or null) reads as an empty list or object. */
export function orEmpty<T extends object>(shape: Shape<T>): Shape<T, 'defaulted'> {
  return { ...shape, presence: 'defaulted' };
}

/** True when A and B are the same type (not only assignable one way): used to pin a type to its shape. */
export type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

function kindOf(value: unknown): Kind | 'null' {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

const ARTICLE: Record<Kind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** Checks a value already known to be of the shape's kind, and rebuilds it from the shape. */
function readKnown(value: unknown, shape: AnyShape, at: string, problems: SettingsProblem[]): unknown {
  if (shape.kind === 'string' && shape.oneOf && !shape.oneOf.includes(value as string)) {
    problems.push({ field: at, message: `must be one of ${shape.oneOf.join(', ')}, not ${JSON.stringify(value)}` });
    return value;
  }
  if (shape.kind === 'array' && shape.item) {
    const item = shape.item;
    return (value as unknown[]).map((element, i) => {
      if (kindOf(element) !== item.kind) {
        problems.push({ field: `${at}[${i}]`, message: `must be ${ARTICLE[item.kind]}` });
        return element;
      }
      return readKnown(element, item, `${at}[${i}]`, problems);
    });
  }
  if (shape.kind === 'object' && shape.fields) {
    return readFields(value as Record<string, unknown>, shape.fields, at, problems);
  }
  return value;
}

/** In the JSON's own key order (a file written back reads the same), then the defaults it lacked. */
function readFields(
  value: Record<string, unknown>,
  fields: Fields,
  path: string,
  problems: SettingsProblem[]
): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  const order = [...Object.keys(value).filter((name) => name in fields), ...Object.keys(fields)];
  for (const name of new Set(order)) {
    const shape = fields[name];
    const at = path ? `${path}.${name}` : name;
    const found = value[name];
    if (found === undefined || found === null) {
      if (shape.presence === 'required') {
        problems.push({ field: at, message: 'is missing' });
      } else if (shape.presence === 'defaulted') {
        read[name] = shape.kind === 'array' ? [] : {};
      }
      continue;
    }
    const kind = kindOf(found);
    if (kind !== shape.kind) {
      problems.push({
        field: at,
        message: `must be ${ARTICLE[shape.kind]}, not ${kind === 'null' ? 'null' : ARTICLE[kind]}`,
      });
      continue;
    }
    read[name] = readKnown(found, shape, at, problems);
  }
  return read;
}

export type ShapeReading<T> = { ok: true; value: T } | { ok: false; problems: SettingsProblem[] };

/** The value as its shape's type, or every problem by path ("nodes[1].name"): nothing typed from a wrong value. */
export function readShape<T>(value: unknown, shape: Shape<T>): ShapeReading<T> {
  const problems: SettingsProblem[] = [];
  if (kindOf(value) !== shape.kind) {
    return { ok: false, problems: [{ field: '', message: `must be ${ARTICLE[shape.kind]}` }] };
  }
  const read = readKnown(value, shape, '', problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: read as T };
}
