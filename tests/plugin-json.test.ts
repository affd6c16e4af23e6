/**
 * Checks our three plugin.json files against Grafana's own JSON schema for plugin.json
 * (tests/fixtures/grafana/plugin.schema.json; see the README next to it for its source commit),
 * plus a few cross-file invariants the schema cannot express.
 */
import fs from 'fs';
import path from 'path';
// The fixture declares "$schema": "http://json-schema.org/draft-07/schema". The default Ajv
// export is the draft-07 validator; ajv/dist/2019 and ajv/dist/2020 are for the newer drafts.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

const repoRoot = path.resolve(__dirname, '..');
const schemaPath = path.resolve(__dirname, '..', 'tests', 'fixtures', 'grafana', 'plugin.schema.json');

type PluginJson = {
  id?: string;
  type?: string;
  info?: { logos?: { small?: string; large?: string } };
  includes?: Array<{ type?: string; name?: string; path?: string }>;
  dependencies?: { grafanaDependency?: string };
  [key: string]: unknown;
};

/** Each plugin's folder under src/ (logos are relative to it) and its expected id. */
const plugins = [
  { label: 'app', dir: path.resolve(__dirname, '..', 'src'), id: 'halo-pmm-app' },
  { label: 'datasource', dir: path.resolve(__dirname, '..', 'src', 'datasource'), id: 'halo-pmm-datasource' },
  { label: 'panel', dir: path.resolve(__dirname, '..', 'src', 'panel'), id: 'halo-pmmkpi-panel' },
] as const;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function readPlugin(dir: string): PluginJson {
  return readJson<PluginJson>(path.join(dir, 'plugin.json'));
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

function compileSchema(): ValidateFunction {
  const ajv = new Ajv({
    allErrors: true,
    // Grafana's schema uses "format": "email" / "uri". ajv 8 ships no format definitions and
    // ajv-formats is not a dependency of this project, so formats are switched off rather than
    // failing on "unknown format". None of our plugin.json files sets a field with a format.
    validateFormats: false,
    // Grafana's schema puts "additionalItems" next to a non-tuple "items" (dependencies.plugins)
    // and on object schemas (includes[*]). That is legal draft-07 (the keyword just has no
    // effect), but ajv's default strict mode refuses to compile it, so strict mode is off.
    strict: false,
    // Its patterns use identity escapes such as "\-" and "\%" (id, info.version, info.updated),
    // which are syntax errors for a RegExp with the "u" flag that ajv 8 uses by default.
    unicodeRegExp: false,
  });
  return ajv.compile(readJson<object>(schemaPath));
}

describe('plugin.json files vs Grafana plugin.schema.json', () => {
  const validate = compileSchema();

  it('uses a draft-07 schema (so plain ajv, not ajv/dist/2019 or 2020, is the right validator)', () => {
    const schema = readJson<{ $schema?: string }>(schemaPath);
    expect(schema.$schema).toMatch(/json-schema\.org\/draft-07\/schema/);
  });

  describe.each(plugins)('$label plugin', ({ dir }) => {
    const rel = path.relative(repoRoot, path.join(dir, 'plugin.json'));

    it(`${rel} is valid against the schema`, () => {
      const valid = validate(readPlugin(dir));
      if (!valid) {
        throw new Error(`${rel} does not match Grafana's plugin.schema.json:\n${formatErrors(validate.errors)}`);
      }
      expect(valid).toBe(true);
    });
  });

  describe('the validator really rejects invalid plugin.json', () => {
    const app = readPlugin(plugins[0].dir);

    it('rejects "type": "nonsense"', () => {
      expect(validate({ ...app, type: 'nonsense' })).toBe(false);
      expect(validate.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ instancePath: '/type', keyword: 'enum' })])
      );
    });

    it('rejects a plugin.json without "id"', () => {
      const { id: _omitted, ...withoutId } = app;
      expect(validate(withoutId)).toBe(false);
      expect(validate.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ keyword: 'required', params: expect.objectContaining({ missingProperty: 'id' }) }),
        ])
      );
    });
  });
});

describe('plugin.json cross-file invariants', () => {
  it.each(plugins)('$label has id $id', ({ dir, id }) => {
    expect(readPlugin(dir).id).toBe(id);
  });

  it('the app includes the datasource and the panel by their plugin.json paths, which exist', () => {
    const app = readPlugin(plugins[0].dir);
    const includes = app.includes ?? [];
    for (const nested of [
      { type: 'datasource', path: 'datasource/plugin.json' },
      { type: 'panel', path: 'panel/plugin.json' },
    ]) {
      expect(includes).toEqual(expect.arrayContaining([expect.objectContaining(nested)]));
      expect(fs.existsSync(path.resolve(__dirname, '..', 'src', nested.path))).toBe(true);
    }
  });

  it.each(plugins)("$label logos exist as files relative to the plugin's own folder", ({ dir }) => {
    const logos = readPlugin(dir).info?.logos;
    expect(logos?.small).toEqual(expect.any(String));
    expect(logos?.large).toEqual(expect.any(String));
    for (const logo of [logos?.small, logos?.large]) {
      const file = path.resolve(dir, logo ?? '');
      expect({
        logo: path.relative(repoRoot, file),
        isFile: fs.existsSync(file) && fs.statSync(file).isFile(),
      }).toEqual({
        logo: path.relative(repoRoot, file),
        isFile: true,
      });
    }
  });

  it('grafanaDependency is the same string in all three', () => {
    const deps = plugins.map(({ dir }) => readPlugin(dir).dependencies?.grafanaDependency);
    expect(typeof deps[0]).toBe('string');
    expect(new Set(deps).size).toBe(1);
  });
});
