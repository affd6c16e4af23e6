import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { formatChange, formatValue } from '../formatValue';
import type { KpiRow } from '../kpiRows';
import { Band } from './Band';
import { KpiSparkline } from './KpiSparkline';
import { KpiTitle } from './KpiTitle';
import { PlanLink } from './PlanLink';
import { stateEdgeStyles, stateTextStyles } from './stateStyles';

export const LINE_HEIGHT = 32;
const SPARK_WIDTH = 96;

/** One KPI on one line (the list layout): name, value, band, sparkline, change and plan link. */
export function KpiLine({ row, width }: { row: KpiRow; width: number }) {
  const styles = useStyles2(getStyles);
  const state = row.state ?? 'none';
  const roomy = width >= 640;
  return (
    <div
      className={cx(styles.line, styles.edge[state], roomy ? styles.roomy : styles.narrow)}
      data-testid="kpi-card"
      data-kpi={row.kpi.id}
      data-entry={row.entry ?? ''}
      data-state={row.state ?? 'none'}
    >
      <KpiTitle row={row} />
      <span className={cx(styles.value, styles.text[state])} data-testid="kpi-value">
        {formatValue(row.value, row.config)}
      </span>
      <Band row={row} height={10} />
      {roomy && <KpiSparkline row={row} width={SPARK_WIDTH} height={LINE_HEIGHT - 8} />}
      {roomy && <span className={styles.change}>{formatChange(row.change, row.config)}</span>}
      <PlanLink row={row} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  line: css({
    display: 'grid',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: LINE_HEIGHT,
    padding: theme.spacing(0, 1),
    minWidth: 0,
  }),
  roomy: css({ gridTemplateColumns: `minmax(0, 2fr) 90px minmax(80px, 2fr) ${SPARK_WIDTH}px 80px minmax(0, 2fr)` }),
  narrow: css({ gridTemplateColumns: 'minmax(0, 2fr) 80px minmax(60px, 1fr) minmax(0, 1.5fr)' }),
  edge: stateEdgeStyles(theme),
  text: stateTextStyles(theme),
  value: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap', textAlign: 'right' }),
  change: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
});
