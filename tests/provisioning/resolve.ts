/**
 * A dashboard's stored query as the browser sends it: its `$name` variables replaced as Grafana's
 * template service does (a variable at "All" with no custom all value stands for the list of its
 * options, a function format is called with the value and the variable), through the data source's own
 * interpolation (src/datasource/interpolate.ts with variables/allValue.ts's format).
 */
import { interpolateQuery } from '../../src/datasource/interpolate';
import type { PmmQuery } from '../../src/datasource/types';
import { formatPmmVariable } from '../../src/datasource/variables/allValue';
import type { Dashboard, Target } from './load';

/** Grafana's value of a variable's "All" option. */
export const ALL_VALUE = '$__all';

/** The variables' values a dashboard opens with, or those chosen instead. */
export function resolveTarget(dashboard: Dashboard, target: Target, chosen: Record<string, string> = {}): Target {
  const variables = dashboard.templating?.list ?? [];
  const replace = (text: string): string =>
    text.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const variable = variables.find((v) => v.name === name);
      if (!variable) {
        return match;
      }
      const current = chosen[name] ?? variable.current?.value;
      // Grafana hands the format the options' values; which ones does not matter to a single-valued variable.
      const value = current === ALL_VALUE ? ['(every option)'] : current;
      return formatPmmVariable(value, variable);
    });
  // The stored target is data (load.ts types it loosely); interpolateQuery reads only its string keys.
  return interpolateQuery(target as PmmQuery, replace) as Target;
}
