/**
 * The shape of a data source's jsonData, checked before anything reads it. Grafana stores whatever
 * the editor (or a provisioning file, or the HTTP API) wrote, and validateSettings assumes the types
 * of PmmSettings: a node that is `null` or a name that is a number would otherwise surface as
 * "Cannot read properties of null" instead of naming the field to correct.
 */
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

interface Field {
  kind: Kind;
  required?: boolean;
  /** For an object: its fields. For an array: the fields of each element (an object). */
  fields?: Record<string, Field>;
}

const str = (required = false): Field => ({ kind: 'string', required });
const num: Field = { kind: 'number' };
const bool: Field = { kind: 'boolean' };
const list = (fields: Record<string, Field>): Field => ({ kind: 'array', fields });
const obj = (fields: Record<string, Field>): Field => ({ kind: 'object', fields });

const SETTINGS: Record<string, Field> = {
  chainId: num,
  explorerUrl: str(),
  nodes: list({ name: str(true), url: str(true), reference: bool, batchSize: num }),
  wallets: list({ address: str(true), role: str(true), name: str() }),
  assets: list({
    symbol: str(true),
    address: str(true),
    feed: str(),
    coingeckoId: str(),
    neutralUnits: num,
    targetUsd: num,
    stable: bool,
  }),
  venues: obj({
    aave: obj({ pool: str(true), dataProvider: str() }),
    limitOrderProtocol: str(),
    comets: list({ name: str(true), market: str(true) }),
    hedge: obj({ name: str(true), url: str(true) }),
  }),
  endpoints: obj({ quoteLogUrl: str(), rfqProbeUrl: str(), coingeckoUrl: str(), duneUrl: str(), duneQueryId: num }),
  // Its entries are checked by validateOverrides, which names the KPI.
  bandOverrides: { kind: 'object' },
};

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

function check(value: Record<string, unknown>, fields: Record<string, Field>, path: string, problems: string[]): void {
  for (const [name, field] of Object.entries(fields)) {
    const at = path ? `${path}.${name}` : name;
    const found: unknown = value[name];
    if (found === undefined || found === null) {
      if (field.required) {
        problems.push(`${at} is missing`);
      }
      continue;
    }
    const kind = kindOf(found);
    if (kind !== field.kind) {
      problems.push(`${at} must be ${ARTICLE[field.kind]}, not ${kind === 'null' ? 'null' : ARTICLE[kind]}`);
      continue;
    }
    if (field.kind === 'object' && field.fields) {
      check(found as Record<string, unknown>, field.fields, at, problems);
    }
    if (field.kind === 'array' && field.fields) {
      (found as unknown[]).forEach((element, i) => {
        if (kindOf(element) !== 'object') {
          problems.push(`${at}[${i}] must be an object`);
        } else {
          check(element as Record<string, unknown>, field.fields ?? {}, `${at}[${i}]`, problems);
        }
      });
    }
  }
}

/** Every field of jsonData whose type is wrong, by path (e.g. "nodes[0].name must be a string, not a number"). */
export function settingsShapeProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  check(raw, SETTINGS, '', problems);
  return problems;
}
