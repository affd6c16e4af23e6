import React from 'react';
import { css, cx } from '@emotion/css';
import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { measureText, Tooltip, useStyles2 } from '@grafana/ui';

import type { State } from '../../core/catalogue';
import { bandScale } from '../bandScale';
import { formatEdge } from '../bandText';
import { placeLabels } from '../edgeLabels';
import type { KpiRow } from '../kpiRows';
import type { PanelView } from '../panelView';
import { STATE_COLOUR } from '../stateColours';
import { KpiDetails } from './KpiDetails';

/** The edge labels' font size and the height of their line, px. */
const LABEL_FONT = 11;
export const LABEL_HEIGHT = 13;
/** The least room between two labels, px. */
const LABEL_GAP = 6;

function textWidth(text: string): number {
  try {
    return Math.ceil(measureText(text, LABEL_FONT).width);
  } catch {
    // No canvas to measure with (a test's DOM): a generous estimate.
    return Math.ceil(text.length * LABEL_FONT * 0.62);
  }
}

/**
 * The horizontal band: the KPI's zones (critical, warning, ok) as tinted boxes in their state's colour
 * on a scale that holds the value (bandScale), a marker at the judged value, and each edge labelled
 * under the band in the field's unit. Its hover gives the KPI's details (the exact bands among them).
 */
export function Band({ row, width, height, view }: { row: KpiRow; width: number; height: number; view: PanelView }) {
  const styles = useStyles2(getStyles);
  const scale = bandScale(row.bands, row.judged, {
    min: row.config.min ?? undefined,
    max: row.config.max ?? undefined,
  });
  const labels = scale.edges.map((edge) => {
    const text = formatEdge(edge.value, row.kpi, row.config.unit);
    // A few px to spare: the page may draw the font a little wider than the canvas measured it.
    return { edge, text, width: textWidth(text) + 4 };
  });
  const lefts = placeLabels(
    labels.map((label) => ({ at: label.edge.at * width, width: label.width })),
    width,
    LABEL_GAP
  );
  return (
    <Tooltip content={<KpiDetails row={row} view={view} />} placement="bottom-start">
      <div className={styles.band} style={{ width }} data-testid="kpi-band">
        <div className={styles.track} style={{ height }}>
          {scale.zones.map((zone, i) => (
            <div
              key={i}
              className={cx(styles.zone, styles.zoneState[zone.state])}
              data-testid="band-zone"
              data-state={zone.state}
              style={{ left: `${zone.left * 100}%`, width: `${zone.width * 100}%` }}
            />
          ))}
          {scale.marker !== undefined && (
            <div className={styles.marker} data-testid="band-marker" style={{ left: `${scale.marker * 100}%` }} />
          )}
        </div>
        <div className={styles.labels} style={{ height: LABEL_HEIGHT }}>
          {labels.map((label, i) => {
            const left = lefts[i];
            return (
              <React.Fragment key={i}>
                <div className={styles.tick} style={{ left: `${label.edge.at * 100}%` }} />
                {left !== undefined && (
                  <span
                    className={styles.label}
                    data-testid="band-edge-label"
                    data-edge={label.edge.value}
                    style={{ left, width: label.width }}
                  >
                    {label.text}
                  </span>
                )}
              </React.Fragment>
            );
          })}
        </div>
      </div>
    </Tooltip>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const zoneState = (state: State) =>
    css({ background: colorManipulator.alpha(theme.visualization.getColorByName(STATE_COLOUR[state]), 0.45) });
  return {
    band: css({ position: 'relative', flexShrink: 0, cursor: 'default' }),
    track: css({ position: 'relative', borderRadius: theme.shape.radius.default }),
    zone: css({ position: 'absolute', top: 0, bottom: 0 }),
    zoneState: { ok: zoneState('ok'), warning: zoneState('warning'), critical: zoneState('critical') },
    marker: css({
      position: 'absolute',
      top: -2,
      bottom: -2,
      width: 3,
      // Centred on the value: the marker's middle is the value's position.
      marginLeft: -1.5,
      background: theme.colors.text.primary,
      boxShadow: `0 0 0 1px ${theme.colors.background.primary}`,
      borderRadius: 1,
    }),
    labels: css({ position: 'relative' }),
    tick: css({
      position: 'absolute',
      top: 0,
      width: 1,
      height: 3,
      marginLeft: -0.5,
      background: theme.colors.text.secondary,
    }),
    label: css({
      position: 'absolute',
      top: 2,
      fontSize: LABEL_FONT,
      lineHeight: `${LABEL_HEIGHT - 2}px`,
      color: theme.colors.text.secondary,
      whiteSpace: 'nowrap',
      textAlign: 'center',
      fontVariantNumeric: 'tabular-nums',
    }),
  };
};
