/**
 * The panel's threshold overrides, typed as one line (`uptime=97,99; net_delta:WETH=-6,-3,3,6`), read
 * into the catalogue's BandOverrides and checked by the catalogue's own rules, so the panel accepts
 * exactly what a data source's band overrides accept.
 */
import { KPIS, validateOverrides, type BandOverrides } from '../core/catalogue';

export interface ParsedOverrides {
  overrides: BandOverrides;
  /** One message per problem, for the options editor and the panel's notice. */
  problems: string[];
}

export function parseThresholdOverrides(text: string): ParsedOverrides {
  const overrides: BandOverrides = {};
  const problems: string[] = [];
  for (const part of text.split(/[;\n]/)) {
    const entry = part.trim();
    if (entry === '') {
      continue;
    }
    const [key, edges, ...rest] = entry.split('=');
    if (edges === undefined || rest.length > 0 || key.trim() === '') {
      problems.push(`"${entry}": write key=edge,edge,… (e.g. uptime=97,99)`);
      continue;
    }
    const override = { edges: edges.split(',').map((edge) => (edge.trim() === '' ? NaN : Number(edge))) };
    // Checked one by one, so a typo in one override does not drop the others.
    const errors = validateOverrides(KPIS, { [key.trim()]: override });
    if (errors.length > 0) {
      problems.push(...errors.map((error) => error.message));
    } else {
      overrides[key.trim()] = override;
    }
  }
  return { overrides, problems };
}
