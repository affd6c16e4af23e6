/**
 * Per-data-source band overrides: a team changes a target or a band in its data source settings
 * (jsonData.bandOverrides), not in code. An override replaces the edges of a KPI's steps and keeps
 * their states and plans, so the meaning of each zone stays the catalogue's.
 */
import { PmmError } from '../errors';
import type { BandOverrides, BandStep, KpiDefinition } from './types';

const SOURCE = 'band overrides';

function keyParts(key: string): { kpiId: string; asset?: string } {
  const [kpiId, asset] = key.split(':');
  return { kpiId, asset };
}

/** Every problem with a set of overrides, one error each, so a config editor can show them all. */
export function validateOverrides(kpis: readonly KpiDefinition[], overrides: BandOverrides): PmmError[] {
  const errors: PmmError[] = [];
  for (const [key, override] of Object.entries(overrides)) {
    const { kpiId, asset } = keyParts(key);
    const kpi = kpis.find((k) => k.id === kpiId);
    if (!kpi) {
      errors.push(new PmmError(SOURCE, `"${key}" names no KPI`, { fix: 'use a KPI id from `pmm-monitor catalogue`' }));
      continue;
    }
    if (asset !== undefined && !kpi.perAsset) {
      errors.push(
        new PmmError(SOURCE, `"${key}": ${kpi.id} is not per asset`, { fix: `use "${kpi.id}" without an asset` })
      );
    }
    const edges = override?.edges;
    const expected = kpi.bands.length - 1;
    if (!Array.isArray(edges) || edges.length !== expected) {
      errors.push(
        new PmmError(SOURCE, `"${key}" needs ${expected} edges, one per step after the first`, {
          fix: `current edges are [${currentEdges(kpi.bands).join(', ')}]`,
        })
      );
      continue;
    }
    if (!edges.every((edge) => typeof edge === 'number' && Number.isFinite(edge))) {
      errors.push(
        new PmmError(SOURCE, `"${key}" has an edge that is not a finite number`, { fix: 'use numbers only' })
      );
      continue;
    }
    if (edges.some((edge, i) => i > 0 && edge <= edges[i - 1])) {
      errors.push(new PmmError(SOURCE, `"${key}" edges must increase`, { fix: `got [${edges.join(', ')}]` }));
    }
  }
  return errors;
}

function currentEdges(bands: readonly BandStep[]): number[] {
  return bands.slice(1).map((step) => step.from as number);
}

function withEdges(bands: readonly BandStep[], edges: readonly number[]): BandStep[] {
  return bands.map((step, i) => (i === 0 ? { ...step } : { ...step, from: edges[i - 1] }));
}

/**
 * The bands in force for a KPI (and asset): `kpiId:ASSET` beats `kpiId`, which beats the catalogue.
 * Throws the first validation error of the overrides that apply, so a bad override fails loudly for
 * its KPI instead of silently falling back.
 */
export function resolveBands(kpi: KpiDefinition, overrides: BandOverrides = {}, asset?: string): BandStep[] {
  const keys = asset ? [`${kpi.id}:${asset}`, kpi.id] : [kpi.id];
  for (const key of keys) {
    const override = overrides[key];
    if (override) {
      const errors = validateOverrides([kpi], { [key]: override });
      if (errors.length > 0) {
        throw errors[0];
      }
      return withEdges(kpi.bands, override.edges);
    }
  }
  return kpi.bands.map((step) => ({ ...step }));
}
