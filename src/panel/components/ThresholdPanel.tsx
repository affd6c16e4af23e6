import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Icon, Stack, Text, Tooltip, useStyles2 } from '@grafana/ui';

import { gridColumns } from '../gridColumns';
import { kpiRows, type KpiRow } from '../kpiRows';
import { sortRows } from '../sortRows';
import { parseThresholdOverrides } from '../thresholdOverrides';
import { DEFAULT_OPTIONS, type ThresholdPanelOptions } from '../types';
import { CARD_FIXED_HEIGHT, KpiCard } from './KpiCard';
import { KpiLine } from './KpiLine';

const CARD_MIN_WIDTH = 240;
const CARD_HEIGHT = CARD_FIXED_HEIGHT + 40;
const GAP = 8;
const AREA_HEADING = 24;

/**
 * Every KPI in the data against its target: one KPI fills the panel; several make a grid (or list)
 * grouped by area or sorted by severity or name. Reads everything from the frames the PMM Monitor data
 * source returns (labels, unit, thresholds, trend); the options can override the thresholds.
 */
export function ThresholdPanel({ data, options, width, height }: PanelProps<ThresholdPanelOptions>) {
  const styles = useStyles2(getStyles);
  const layout = options.layout ?? DEFAULT_OPTIONS.layout;
  const sortBy = options.sortBy ?? DEFAULT_OPTIONS.sortBy;
  const overridesText = options.thresholdOverrides ?? DEFAULT_OPTIONS.thresholdOverrides;
  const parsed = useMemo(() => parseThresholdOverrides(overridesText), [overridesText]);
  const rows = useMemo(() => kpiRows(data.series, parsed.overrides), [data.series, parsed.overrides]);

  if (rows.length === 0) {
    return (
      <div className={styles.empty}>
        <Text color="secondary">No PMM Monitor KPI in the data: query the PMM Monitor data source.</Text>
      </div>
    );
  }
  const problems = parsed.problems.length > 0 && (
    <Tooltip content={parsed.problems.join('\n')}>
      <span className={styles.problems} data-testid="override-problems">
        <Icon name="exclamation-triangle" size="sm" /> {parsed.problems.length} threshold override(s) ignored
      </span>
    </Tooltip>
  );
  if (rows.length === 1 && layout === 'grid') {
    return (
      <div className={styles.single}>
        <KpiCard row={rows[0]} width={width} height={problems ? height - 18 : height} />
        {problems}
      </div>
    );
  }
  const { cardWidth } = gridColumns(width, CARD_MIN_WIDTH, GAP);
  const draw = (row: KpiRow) =>
    layout === 'grid' ? (
      <KpiCard key={row.key} row={row} width={cardWidth} height={CARD_HEIGHT} />
    ) : (
      <KpiLine key={row.key} row={row} width={width} />
    );
  return (
    <div className={styles.scroll} style={{ width, height }} data-testid="kpi-panel">
      {problems}
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
  empty: css({ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' }),
  single: css({ display: 'flex', flexDirection: 'column' }),
  scroll: css({ overflowY: 'auto', overflowX: 'hidden' }),
  heading: css({ height: AREA_HEADING, textTransform: 'capitalize', display: 'flex', alignItems: 'center' }),
  grid: css({ display: 'flex', flexWrap: 'wrap', gap: GAP }),
  list: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
  problems: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
});
