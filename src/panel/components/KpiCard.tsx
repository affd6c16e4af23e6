import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';

import { formatChange } from '../formatValue';
import { judgedSuffix } from '../bandText';
import type { KpiRow } from '../kpiRows';
import type { PanelView } from '../panelView';
import { statusOf, type RowStatus } from '../rowStatus';
import { STATE_COLOUR } from '../stateColours';
import { Band, LABEL_HEIGHT } from './Band';
import { KpiSparkline } from './KpiSparkline';
import { KpiTitle, TITLE_LINE, titleLines, useTitleLines } from './KpiTitle';
import { KpiValue } from './KpiValue';
import { PlanLink } from './PlanLink';
import { stateEdgeStyles, stateTextStyles } from './stateStyles';

/** Fixed parts of a card, in px: what is left of its height goes to the sparkline. */
const PADDING = 8;
/** The state's left edge. */
const EDGE = 3;
const HEADER = 20;
const VALUE = 28;
const BAND = 10;
const FOOTER = 18;
const GAP = 4;
const BADGE_ROOM = 72;
const REASON_LINE = 14;

/** A notice without the KPI's name it starts with ("Node health score: no history"): the card names it. */
function withoutName(text: string, name: string): string {
  return text.startsWith(`${name}: `) ? text.slice(name.length + 2) : text;
}
export const CARD_FIXED_HEIGHT = 2 * PADDING + HEADER + VALUE + BAND + LABEL_HEIGHT + FOOTER + 4 * GAP;

function StatusBadge({ status }: { status: RowStatus }) {
  switch (status) {
    case 'part':
      // A part is information beside its KPI's value: nothing judged, nothing to badge.
      return null;
    case 'error':
      return <Badge text="error" color="red" icon="exclamation-triangle" />;
    case 'no-data':
      return <Badge text="no data" color="darkgrey" />;
    default:
      return <Badge text={status} color={STATE_COLOUR[status] as 'green' | 'orange' | 'red'} />;
  }
}

/**
 * One KPI as a card: name and state, value and change since the range start, the band with its
 * labelled edges and marker, the sparkline (or why there is no number) and the plan link. Laid out for
 * a given size so it reads at 300 × 150; a long name takes a second line from the sparkline.
 */
export function KpiCard({ row, width, height, view }: { row: KpiRow; width: number; height: number; view: PanelView }) {
  const styles = useStyles2(getStyles);
  const status = statusOf(row);
  const state = row.state ?? 'none';
  const inner = Math.max(0, width - 2 * PADDING - EDGE);
  const room = inner - (status === 'part' ? 0 : BADGE_ROOM);
  const { nameRef, lines } = useTitleLines(row.title, room, titleLines(row, room));
  const header = lines === 1 ? HEADER : 2 * TITLE_LINE + 2;
  const sparkHeight = Math.max(0, height - CARD_FIXED_HEIGHT - (header - HEADER));
  const judgedTrend = row.kpi.judgedOn === 'trend' && row.judged !== undefined;
  const missing = row.value === undefined;
  const reasonLines = Math.max(1, Math.floor(sparkHeight / REASON_LINE));
  return (
    <div
      className={cx(styles.card, styles.edge[state])}
      style={{ width, height }}
      data-testid="kpi-card"
      data-kpi={row.kpi.id}
      data-entry={row.entry ?? ''}
      data-state={row.state ?? 'none'}
      data-status={status}
      data-title-lines={lines}
    >
      <div className={styles.header} style={{ height: header }}>
        <KpiTitle row={row} view={view} nameRef={nameRef} />
        <span className={styles.badge}>
          <StatusBadge status={status} />
        </span>
      </div>
      <div className={styles.valueLine}>
        <KpiValue row={row} view={view} className={cx(styles.value, styles.text[state])} />
        {/* A trend KPI says its judged slope instead: the change since the start is in its sparkline. */}
        {row.change !== undefined && !judgedTrend && (
          <span className={styles.change} data-testid="kpi-change" title="Change since the start of the range">
            {formatChange(row.change, row.config)} since start
          </span>
        )}
        {judgedTrend && (
          <span className={styles.change} title="The slope per day the bands judge" data-testid="kpi-trend">
            trend {formatChange(row.judged, { unit: row.config.unit })}
            {judgedSuffix(row.kpi)}
          </span>
        )}
      </div>
      {status === 'part' ? (
        <div className={styles.partNote} style={{ height: BAND + LABEL_HEIGHT }} data-testid="kpi-part-note">
          Not judged: a part of {row.kpi.name}
        </div>
      ) : (
        <Band row={row} width={inner} height={BAND} view={view} />
      )}
      {missing && row.reason ? (
        <div style={{ height: sparkHeight, flexShrink: 0 }}>
          <div
            className={cx(styles.reason, status === 'error' && styles.error)}
            style={{ WebkitLineClamp: reasonLines, maxHeight: reasonLines * REASON_LINE }}
            title={row.reason}
            data-testid="kpi-reason"
          >
            {withoutName(row.reason, row.kpi.name)}
          </div>
        </div>
      ) : (
        <KpiSparkline row={row} width={inner} height={sparkHeight} />
      )}
      <div className={styles.footer}>
        <PlanLink row={row} view={view} />
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
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    minWidth: 0,
    flexShrink: 0,
  }),
  valueLine: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    height: VALUE,
    minWidth: 0,
    flexShrink: 0,
  }),
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
  partNote: css({
    flexShrink: 0,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: `${BAND + LABEL_HEIGHT}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  reason: css({
    flexShrink: 0,
    display: '-webkit-box',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: `${REASON_LINE}px`,
  }),
  badge: css({ flexShrink: 0, whiteSpace: 'nowrap' }),
  error: css({ color: theme.colors.error.text }),
  footer: css({
    height: FOOTER,
    display: 'flex',
    alignItems: 'center',
    minWidth: 0,
    overflow: 'hidden',
    flexShrink: 0,
  }),
});
