import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Icon, Stack, Text, useStyles2 } from '@grafana/ui';

import { gridColumns } from '../gridColumns';
import { kpiRows, type KpiRow } from '../kpiRows';
import { datasourcesOf, type PanelView } from '../panelView';
import { sortRows } from '../sortRows';
import { DEFAULT_OPTIONS, type ThresholdPanelOptions } from '../types';
import { CARD_FIXED_HEIGHT, KpiCard } from './KpiCard';
import { KpiLine } from './KpiLine';

const CARD_MIN_WIDTH = 240;
const CARD_HEIGHT = CARD_FIXED_HEIGHT + 40;
const GAP = 8;
const AREA_HEADING = 24;

/**
 * Every KPI in the data against its target: one KPI fills the panel; several make a grid (or list)
 * grouped by area or sorted by severity or name. Reads the frames the PMM Monitor data source returns
 * (labels, thresholds, trend) as Grafana processed them with the panel's field options (unit, decimals,
 * display name, thresholds, value mappings, data links, overrides).
 */
export function ThresholdPanel({
  data,
  options,
  width,
  height,
  timeRange,
  timeZone,
  replaceVariables,
}: PanelProps<ThresholdPanelOptions>) {
  const styles = useStyles2(getStyles);
  const layout = options.layout ?? DEFAULT_OPTIONS.layout;
  const sortBy = options.sortBy ?? DEFAULT_OPTIONS.sortBy;
  const rows = useMemo(() => kpiRows(data.series, { replaceVariables }), [data.series, replaceVariables]);
  const view: PanelView = useMemo(
    () => ({
      range: data.timeRange ?? timeRange,
      timeZone,
      datasources: datasourcesOf(data.request, replaceVariables),
    }),
    [data.timeRange, timeRange, timeZone, data.request, replaceVariables]
  );
  const errors = (data.errors ?? []).map((error) => error.message ?? 'unknown error');

  if (rows.length === 0) {
    return (
      <div className={styles.empty}>
        {errors.length > 0 ? (
          <Stack direction="column" alignItems="center" gap={0.5}>
            <Text color="error">
              <Icon name="exclamation-triangle" /> The query failed
            </Text>
            <span data-testid="panel-error">
              <Text color="secondary">{errors.join('; ')}</Text>
            </span>
          </Stack>
        ) : (
          <Text color="secondary">No PMM Monitor KPI in the data: query the PMM Monitor data source.</Text>
        )}
      </div>
    );
  }
  if (rows.length === 1 && layout === 'grid') {
    return <KpiCard row={rows[0]} width={width} height={height} view={view} />;
  }
  const { cardWidth } = gridColumns(width, CARD_MIN_WIDTH, GAP);
  const draw = (row: KpiRow) =>
    layout === 'grid' ? (
      <KpiCard key={row.key} row={row} width={cardWidth} height={CARD_HEIGHT} view={view} />
    ) : (
      <KpiLine key={row.key} row={row} width={width} view={view} />
    );
  return (
    <div className={styles.scroll} style={{ width, height }} data-testid="kpi-panel">
      <Stack direction="column" gap={1}>
        {sortRows(rows, sortBy).map((group) => (
          <section key={group.area ?? 'all'} aria-label={group.area ?? 'KPIs'} data-testid="kpi-group">
            {group.area && (
              <div className={styles.heading}>
                <Text variant="h6" color="secondary">
                  {group.area}
                </Text>
              </div>
            )}
            <div className={layout === 'grid' ? styles.grid : styles.list}>{group.rows.map(draw)}</div>
          </section>
        ))}
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    padding: theme.spacing(1),
    textAlign: 'center',
  }),
  scroll: css({ overflowY: 'auto', overflowX: 'hidden' }),
  heading: css({ height: AREA_HEADING, textTransform: 'capitalize', display: 'flex', alignItems: 'center' }),
  grid: css({ display: 'flex', flexWrap: 'wrap', gap: GAP }),
  list: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
});
