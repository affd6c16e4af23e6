import React from 'react';
import { FieldColorModeId, FieldType, type Field } from '@grafana/data';
import { GraphDrawStyle, type GraphFieldConfig } from '@grafana/schema';
import { Sparkline, useTheme2 } from '@grafana/ui';

import type { KpiRow } from '../kpiRows';
import { STATE_COLOUR } from '../stateColours';

/** The KPI over the range with Grafana's own Sparkline, in the state's colour. */
export function KpiSparkline({ row, width, height }: { row: KpiRow; width: number; height: number }) {
  const theme = useTheme2();
  const series = row.series;
  const numbers = series?.values.filter((value): value is number => value !== null) ?? [];
  if (!series || numbers.length < 2 || width < 20 || height < 8) {
    return <div style={{ width, height }} />;
  }
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  // Sparkline reads the y range from field state, which Grafana's display processor would have set.
  const y: Field = {
    name: row.kpi.id,
    type: FieldType.number,
    config: { unit: row.config.unit },
    values: series.values,
    state: { range: { min, max, delta: max - min } },
  };
  const x: Field = { name: 'time', type: FieldType.time, config: {}, values: series.times };
  const colour = row.state ? STATE_COLOUR[row.state] : theme.colors.text.secondary;
  const config = {
    color: { mode: FieldColorModeId.Fixed, fixedColor: colour },
    custom: { drawStyle: GraphDrawStyle.Line, lineWidth: 1, fillOpacity: 15 } satisfies GraphFieldConfig,
  };
  return (
    <div data-testid="kpi-sparkline" style={{ width, height }}>
      <Sparkline width={width} height={height} sparkline={{ x, y }} config={config} theme={theme} />
    </div>
  );
}
