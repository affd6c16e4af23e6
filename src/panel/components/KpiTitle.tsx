import React, { useLayoutEffect, useRef, useState } from 'react';
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
 * How many lines a title needs in `width` px, as a first guess from the font's measure (the card then
 * reads what the page drew, useTitleLines): one, or two (a long name wraps rather than being cut; a
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
export function KpiTitle({
  row,
  view,
  nameRef,
}: {
  row: KpiRow;
  view: PanelView;
  nameRef?: React.Ref<HTMLSpanElement>;
}) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.title}>
      <Tooltip content={<KpiDetails row={row} view={view} />} placement="top-start">
        <span ref={nameRef} className={styles.name} data-testid="kpi-title">
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
    WebkitLineClamp: 2,
    maxHeight: 2 * TITLE_LINE,
    overflow: 'hidden',
    overflowWrap: 'anywhere',
    fontSize: TITLE_FONT,
    fontWeight: TITLE_WEIGHT,
    lineHeight: `${TITLE_LINE}px`,
    color: theme.colors.text.primary,
  }),
  notice: css({ flexShrink: 0, color: theme.colors.text.secondary }),
});

/**
 * How many lines the title takes as the page drew it (1 or 2), starting from `guess`: read before
 * paint, so the card gives a second line's height to the header, not to an overflow.
 */
export function useTitleLines(title: string, room: number, guess: 1 | 2) {
  const nameRef = useRef<HTMLSpanElement>(null);
  const [measured, setMeasured] = useState<{ title: string; room: number; lines: 1 | 2 }>();
  const lines = measured && measured.title === title && measured.room === room ? measured.lines : guess;
  useLayoutEffect(() => {
    const height = nameRef.current?.getBoundingClientRect().height;
    if (height === undefined || height === 0) {
      return;
    }
    const drawn = height > TITLE_LINE * 1.5 ? 2 : 1;
    if (drawn !== lines) {
      setMeasured({ title, room, lines: drawn });
    }
  }, [lines, title, room]);
  return { nameRef, lines };
}
