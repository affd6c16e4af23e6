import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, measureText, Tooltip, useStyles2 } from '@grafana/ui';

import type { KpiRow } from '../kpiRows';
import type { PanelView } from '../panelView';
import { KpiDetails } from './KpiDetails';

/** The title's font (Grafana's body text, medium weight) and line height, px. */
const TITLE_FONT = 14;
const TITLE_WEIGHT = 500;
export const TITLE_LINE = 17;
/** Room the notice icon takes beside the title, px. */
const NOTICE_ROOM = 20;

/**
 * How many lines a title needs in `width` px: one, or two (a long name wraps rather than being cut; a
 * name longer still is clamped at two lines, and the tooltip gives it whole).
 */
export function titleLines(row: KpiRow, width: number): 1 | 2 {
  const room = width - (row.notices.length > 0 ? NOTICE_ROOM : 0);
  let needed: number;
  try {
    needed = measureText(row.title, TITLE_FONT, TITLE_WEIGHT).width;
  } catch {
    needed = row.title.length * TITLE_FONT * 0.55;
  }
  return needed <= room ? 1 : 2;
}

/**
 * The KPI's name (and entry, or a part's name), wrapping onto a second line when long, with the KPI's
 * details on hover (KpiDetails), and any notice beside it.
 */
export function KpiTitle({ row, view, lines }: { row: KpiRow; view: PanelView; lines: 1 | 2 }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.title}>
      <Tooltip content={<KpiDetails row={row} view={view} />} placement="top-start">
        <span
          className={styles.name}
          style={{ WebkitLineClamp: lines, maxHeight: lines * TITLE_LINE }}
          data-testid="kpi-title"
          data-lines={lines}
        >
          {row.title}
        </span>
      </Tooltip>
      {row.notices.length > 0 && (
        <Tooltip content={row.notices.join('\n')}>
          <Icon
            name={row.noticeLevel === 'info' ? 'info-circle' : 'exclamation-triangle'}
            size="sm"
            className={styles.notice}
            data-testid="kpi-notice"
          />
        </Tooltip>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5), minWidth: 0 }),
  name: css({
    display: '-webkit-box',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'anywhere',
    fontSize: TITLE_FONT,
    fontWeight: TITLE_WEIGHT,
    lineHeight: `${TITLE_LINE}px`,
    color: theme.colors.text.primary,
  }),
  notice: css({ flexShrink: 0, color: theme.colors.text.secondary }),
});
