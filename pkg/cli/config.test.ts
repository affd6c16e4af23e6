/**
 * `--config` reads settings with the backend's loader: a file is taken or refused by the CLI exactly
 * as the same jsonData is by a data source. Two files the two used to judge apart are pinned here.
 */
import demoSettings from '../demo/demo-settings.json';
import { parseSecrets, parseSettings } from '../backend/handlers/instances';
import { createEngine } from '../engine';
import { configOf } from './commands/config';

/** What each side makes of the same JSON: its settings, or the text of its error. */
function both(json: Record<string, unknown>) {
  const outcome = (read: () => unknown) => {
    try {
      return { settings: read() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return {
    cli: outcome(() => configOf(json, 'ds.json').settings),
    backend: outcome(() => parseSettings(Buffer.from(JSON.stringify(json)))),
  };
}

describe('pmm-monitor kpis --config reads settings as the backend does', () => {
  it('refuses a flag written as a string, which the CLI used to take (and read "false" as true)', () => {
    const json = { ...demoSettings, nodes: [{ name: 'main', url: 'http://127.0.0.1:8545', reference: 'false' }] };
    const { cli, backend } = both(json);
    const problem = 'nodes[0].reference must be true or false, not a string';
    expect(cli).toEqual({ error: `ds.json: ${problem}` });
    expect(backend.error).toBe(
      `settings: ${problem} (open the data source's settings in Grafana, correct them and save)`
    );
  });

  it('takes settings without venues or endpoints, on which the CLI used to crash ("reading \'aave\'")', () => {
    const { venues: _venues, endpoints: _endpoints, ...json } = demoSettings;
    const { cli, backend } = both(json);
    expect(cli).toEqual(backend);
    expect(cli.settings).toMatchObject({ venues: {}, endpoints: {} });
    const { settings, secrets } = configOf(json, 'ds.json');
    expect(() => createEngine(settings, secrets)).not.toThrow();
  });

  it('takes {"jsonData", "secureJsonData"} and keeps the secrets a data source keeps', () => {
    const secureJsonData = { 'nodeKey:demo-anvil': 'k1', duneKey: '', unknownKey: 'x', hedgeKey: 'k2' };
    const config = configOf({ jsonData: demoSettings, secureJsonData }, 'ds.json');
    expect(config.secrets).toEqual({ 'nodeKey:demo-anvil': 'k1', hedgeKey: 'k2' });
    expect(config.secrets).toEqual(parseSecrets(secureJsonData));
    expect(config.settings).toEqual(demoSettings);
  });

  it('names the file when it holds no settings object', () => {
    expect(() => configOf([1], 'list.json')).toThrow('list.json: expected a JSON object');
    expect(() => configOf({ nodes: {} }, 'ds.json')).toThrow('ds.json: nodes must be a list, not an object');
  });
});
