/**
 * Band overrides edited as rows (a KPI, or a KPI of one asset, and its edges), checked with the
 * catalogue's own validateOverrides so the editor and the backend agree on what is wrong.
 */
import { KPIS, findKpi, validateOverrides, type BandOverrides, type KpiDefinition } from '../../../core/catalogue';

export interface OverrideRow {
  /** `kpiId` or `kpiId:ASSET`. */
  key: string;
  /** The edges as typed: numbers separated by commas. */
  edgesText: string;
}

export function rowsOf(overrides: BandOverrides | undefined): OverrideRow[] {
  return Object.entries(overrides ?? {}).map(([key, override]) => ({
    key,
    edgesText: (override?.edges ?? []).join(', '),
  }));
}

export function parseEdges(text: string): number[] | string {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    return 'write the edges as numbers separated by commas, e.g. 97, 99';
  }
  const numbers = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(numbers[i]));
  return bad === undefined ? numbers : `"${bad}" is not a number`;
}

/** The catalogue's edges of a KPI, as the placeholder a user overrides. */
export function currentEdgesText(kpi: KpiDefinition): string {
  return kpi.bands
    .slice(1)
    .map((step) => step.from)
    .join(', ');
}

/** What is wrong with one row (several rows may each be wrong), or undefined. */
export function rowProblem(row: OverrideRow, rows: readonly OverrideRow[]): string | undefined {
  if (row.key === '') {
    return 'pick a KPI';
  }
  if (rows.filter((other) => other.key === row.key).length > 1) {
    return `"${row.key}" is overridden twice`;
  }
  const edges = parseEdges(row.edgesText);
  if (typeof edges === 'string') {
    return edges;
  }
  const errors = validateOverrides(KPIS, { [row.key]: { edges } });
  return errors.length > 0
    ? errors.map((error) => error.message.replace(/^band overrides: /, '')).join('; ')
    : undefined;
}

/** The overrides to save, or undefined while any row is wrong (the saved ones stay until it is fixed). */
export function overridesOf(rows: readonly OverrideRow[]): BandOverrides | undefined {
  if (rows.some((row) => rowProblem(row, rows) !== undefined)) {
    return undefined;
  }
  return Object.fromEntries(rows.map((row) => [row.key, { edges: parseEdges(row.edgesText) as number[] }]));
}

/** Every KPI, and each per-asset KPI once per configured asset. */
export function overrideKeys(
  assetSymbols: readonly string[]
): Array<{ label: string; value: string; description: string }> {
  return KPIS.flatMap((kpi) => [
    {
      label: kpi.name,
      value: kpi.id,
      description: `${kpi.area} · target ${kpi.target} · edges ${currentEdgesText(kpi)}`,
    },
    ...(kpi.perAsset
      ? assetSymbols.map((symbol) => ({
          label: `${kpi.name} of ${symbol}`,
          value: `${kpi.id}:${symbol}`,
          description: `${symbol} only · edges ${currentEdgesText(kpi)}`,
        }))
      : []),
  ]);
}

/** The states a row's edges separate, e.g. "critical < 98 ≤ warning < 99.5 ≤ ok". */
export function zonesOf(key: string): string | undefined {
  const kpi = findKpi(key.split(':')[0]);
  if (!kpi) {
    return undefined;
  }
  return kpi.bands.map((step, i) => (i === 0 ? step.state : `edge ${i} ≤ ${step.state}`)).join(' < ');
}
