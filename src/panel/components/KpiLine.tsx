import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { formatChange } from '../formatValue';
import type { KpiRow } from '../kpiRows';
import type { PanelView } from '../panelView';
import { statusOf } from '../rowStatus';
import { Band } from './Band';
import { KpiSparkline } from './KpiSparkline';
import { KpiTitle } from './KpiTitle';
import { KpiValue } from './KpiValue';
import { PlanLink } from './PlanLink';
import { stateEdgeStyles, stateTextStyles } from './stateStyles';

export const LINE_HEIGHT = 36;
const SPARK_WIDTH = 96;
const VALUE_WIDTH = 90;
const CHANGE_WIDTH = 80;
const PADDING = 8;
const GAP = 8;
const EDGE = 3;

/** The columns of a line of `width` px: fixed ones for value, sparkline and change, the rest shared. */
export function lineColumns(width: number): { roomy: boolean; title: number; band: number; plan: number } {
  const roomy = width >= 640;
  const fixed = VALUE_WIDTH + (roomy ? SPARK_WIDTH + CHANGE_WIDTH : 0);
  const gaps = GAP * (roomy ? 5 : 3);
  const free = Math.max(0, width - 2 * PADDING - EDGE - fixed - gaps);
  // Title and band take a third each (a name wraps onto a second line before it is cut), the plan the rest.
  const title = Math.floor(free / 3);
  const band = Math.floor(free / 3);
  return { roomy, title, band, plan: free - title - band };
}

/** One KPI on one line (the list layout): name, value, band with its edges, sparkline, change and plan link. */
export function KpiLine({ row, width, view }: { row: KpiRow; width: number; view: PanelView }) {
  const styles = useStyles2(getStyles);
  const state = row.state ?? 'none';
  const status = statusOf(row);
  const columns = lineColumns(width);
  const template = columns.roomy
    ? `${columns.title}px ${VALUE_WIDTH}px ${columns.band}px ${SPARK_WIDTH}px ${CHANGE_WIDTH}px minmax(0, 1fr)`
    : `${columns.title}px ${VALUE_WIDTH}px ${columns.band}px minmax(0, 1fr)`;
  return (
    <div
      className={cx(styles.line, styles.edge[state])}
      style={{ gridTemplateColumns: template }}
      data-testid="kpi-card"
      data-kpi={row.kpi.id}
      data-entry={row.entry ?? ''}
      data-state={row.state ?? 'none'}
      data-status={status}
    >
      <KpiTitle row={row} view={view} />
      <KpiValue row={row} view={view} align="right" className={cx(styles.value, styles.text[state])} />
      {status === 'part' ? (
        <span className={styles.secondary} data-testid="kpi-part-note">
          Not judged: a part of {row.kpi.name}
        </span>
      ) : (
        <Band row={row} width={columns.band} height={8} view={view} />
      )}
      {columns.roomy && <KpiSparkline row={row} width={SPARK_WIDTH} height={LINE_HEIGHT - 8} />}
      {columns.roomy && <span className={styles.secondary}>{formatChange(row.change, row.config)}</span>}
      <PlanLink row={row} view={view} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  line: css({
    display: 'grid',
    alignItems: 'center',
    gap: GAP,
    minHeight: LINE_HEIGHT,
    padding: `2px ${PADDING}px`,
    minWidth: 0,
    boxSizing: 'border-box',
  }),
  edge: stateEdgeStyles(theme),
  text: stateTextStyles(theme),
  value: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap', textAlign: 'right' }),
  secondary: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
