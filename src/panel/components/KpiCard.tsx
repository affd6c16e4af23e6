import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';

import { formatChange, formatValue } from '../formatValue';
import type { KpiRow } from '../kpiRows';
import { STATE_COLOUR } from '../stateColours';
import { Band } from './Band';
import { KpiSparkline } from './KpiSparkline';
import { KpiTitle } from './KpiTitle';
import { PlanLink } from './PlanLink';
import { stateEdgeStyles, stateTextStyles } from './stateStyles';

/** Fixed parts of a card, in px: what is left of its height goes to the sparkline. */
const PADDING = 8;
const HEADER = 20;
const VALUE = 28;
const BAND = 12;
const FOOTER = 18;
const GAP = 4;
export const CARD_FIXED_HEIGHT = 2 * PADDING + HEADER + VALUE + BAND + FOOTER + 4 * GAP;

/**
 * One KPI as a card: name and state, value and change since the range start, the band with its
 * marker, the sparkline and the plan link. Laid out for a given size so it reads at 300 × 150.
 */
export function KpiCard({ row, width, height }: { row: KpiRow; width: number; height: number }) {
  const styles = useStyles2(getStyles);
  const state = row.state ?? 'none';
  const sparkHeight = Math.max(0, height - CARD_FIXED_HEIGHT);
  const judgedTrend = row.kpi.judgedOn === 'trend' && row.judged !== undefined;
  return (
    <div
      className={cx(styles.card, styles.edge[state])}
      style={{ width, height }}
      data-testid="kpi-card"
      data-kpi={row.kpi.id}
      data-entry={row.entry ?? ''}
      data-state={row.state ?? 'none'}
    >
      <div className={styles.header}>
        <KpiTitle row={row} />
        {row.state ? (
          <Badge text={row.state} color={STATE_COLOUR[row.state] as 'green' | 'orange' | 'red'} />
        ) : (
          <Badge text="no data" color="darkgrey" />
        )}
      </div>
      <div className={styles.valueLine}>
        <span className={cx(styles.value, styles.text[state])} data-testid="kpi-value">
          {formatValue(row.value, row.config)}
        </span>
        {row.change !== undefined && (
          <span className={styles.change} data-testid="kpi-change" title="Change since the start of the range">
            {formatChange(row.change, row.config)} since start
          </span>
        )}
        {judgedTrend && (
          <span className={styles.change} title="The slope per day the bands judge">
            trend {formatChange(row.judged, { unit: row.kpi.judgedUnit ?? row.config.unit })}/day
          </span>
        )}
      </div>
      <Band row={row} height={BAND} />
      <KpiSparkline row={row} width={Math.max(0, width - 2 * PADDING - 3)} height={sparkHeight} />
      <div className={styles.footer}>
        <PlanLink row={row} />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    display: 'flex',
    flexDirection: 'column',
    gap: GAP,
    padding: PADDING,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
    boxSizing: 'border-box',
  }),
  edge: stateEdgeStyles(theme),
  text: stateTextStyles(theme),
  header: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    height: HEADER,
    minWidth: 0,
  }),
  valueLine: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1), height: VALUE, minWidth: 0 }),
  value: css({
    fontSize: 22,
    lineHeight: `${VALUE}px`,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  }),
  change: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  footer: css({ height: FOOTER, display: 'flex', alignItems: 'center', minWidth: 0, overflow: 'hidden' }),
});
