import type { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';

import { DataSource } from '../datasource';
import type { PmmDataSourceOptions } from '../types';
import { formatPmmVariable } from './allValue';

/**
 * A stand-in for Grafana's template service, written from its source (templateSrv.replace and
 * scenes' sceneInterpolator): a variable at "All" with no custom all value stands for the list of
 * its options' values, and a function format is called with that value and the variable's model.
 */
interface Variable {
  name: string;
  multi: boolean;
  includeAll: boolean;
  current: string | string[];
  options: string[];
}
type Format = (value: unknown, variable: { name: string; multi: boolean; includeAll: boolean }) => string;

function templateSrv(variables: Variable[]): TemplateSrv {
  const replace = (target?: string, _scopedVars?: ScopedVars, format?: string | Function): string =>
    (target ?? '').replace(/\$(\w+)/g, (match, name: string) => {
      const variable = variables.find((v) => v.name === name);
      if (!variable) {
        return match;
      }
      const value = variable.current === '$__all' ? variable.options : variable.current;
      if (typeof format === 'function') {
        return (format as Format)(value, variable);
      }
      // Grafana's default (glob) format.
      return Array.isArray(value) ? (value.length === 1 ? value[0] : `{${value.join(',')}}`) : value;
    });
  return { getVariables: () => [], replace, containsTemplate: () => false, updateTimeRange: () => undefined };
}

const ASSETS = ['WETH', 'WBTC', 'USDC'];
const single = (current: string | string[]): Variable => ({
  name: 'asset',
  multi: false,
  includeAll: true,
  current,
  options: ASSETS,
});

function dataSource(): DataSource {
  const settings = { id: 1, uid: 'any', type: 'halo-pmm-datasource', name: 'PMM', jsonData: {}, meta: {} };
  return new DataSource(settings as unknown as DataSourceInstanceSettings<PmmDataSourceOptions>);
}

describe('a dashboard variable in a PMM query', () => {
  it('a single-valued variable at All is written as nothing; one value as itself', () => {
    expect(formatPmmVariable(ASSETS, { multi: false })).toBe('');
    expect(formatPmmVariable(['WETH'], { multi: false })).toBe('');
    expect(formatPmmVariable('WETH', { multi: false })).toBe('WETH');
    expect(formatPmmVariable(undefined, { multi: false })).toBe('');
  });

  it('a multi-valued variable keeps what was chosen (one value, or the list the backend refuses by name)', () => {
    expect(formatPmmVariable(['WETH'], { multi: true })).toBe('WETH');
    expect(formatPmmVariable(['WETH', 'WBTC'], { multi: true })).toBe('{WETH,WBTC}');
  });

  it('through the data source: $asset at All widens the query, a chosen asset filters it', () => {
    const query = { refId: 'A', area: 'position' as const, asset: '$asset', mode: 'range' as const };
    setTemplateSrv(templateSrv([single('$__all')]));
    expect(dataSource().applyTemplateVariables(query, {})).toEqual({ refId: 'A', area: 'position', mode: 'range' });
    setTemplateSrv(templateSrv([single('WBTC')]));
    expect(dataSource().applyTemplateVariables(query, {}).asset).toBe('WBTC');
  });

  it("without the format, Grafana's default writes All as a name no data source has", () => {
    // The failure the format exists for: the stand-in's glob output for All.
    expect(templateSrv([single('$__all')]).replace('$asset', {})).toBe('{WETH,WBTC,USDC}');
  });

  it("an annotation's $wallet at All shows every wallet's events", () => {
    const wallet: Variable = { ...single('$__all'), name: 'wallet', options: ['maker', 'treasury'] };
    setTemplateSrv(templateSrv([wallet]));
    const query = { refId: 'Anno', queryType: 'annotations', wallet: '$wallet' };
    expect(dataSource().applyTemplateVariables(query, {}).wallet).toBeUndefined();
  });
});
