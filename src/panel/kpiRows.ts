/**
 * Turns query frames into one row per KPI series: the KPI (from the field's `kpi` label or its name),
 * the last value, its state and the plan that state opens. Pure, so it is tested without rendering.
 */
import { FieldType, type DataFrame } from '@grafana/data';

import { findKpi, planFor, resolveBands, stateOf, type KpiDefinition, type PlanId, type State } from '../catalogue';

export interface KpiRow {
  key: string;
  kpi: KpiDefinition;
  asset?: string;
  value?: number;
  state?: State;
  plan?: PlanId;
}

function lastNumber(values: ArrayLike<unknown>): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (typeof value === 'number' && !Number.isNaN(value)) {
      return value;
    }
  }
  return undefined;
}

export function kpiRows(frames: readonly DataFrame[]): KpiRow[] {
  const rows: KpiRow[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const kpi = findKpi(field.labels?.kpi ?? field.name);
      if (!kpi) {
        continue;
      }
      const asset = field.labels?.asset;
      const bands = resolveBands(kpi, {}, asset);
      const value = lastNumber(field.values);
      rows.push({
        key: `${frame.refId ?? ''}/${kpi.id}/${asset ?? ''}`,
        kpi,
        asset,
        value,
        state: stateOf(bands, value),
        plan: planFor(kpi, value, bands),
      });
    }
  }
  return rows;
}
