import React from 'react';
import { css, cx } from '@emotion/css';
import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { State } from '../../core/catalogue';
import { bandScale } from '../bandScale';
import { STATE_COLOUR } from '../stateColours';
import type { KpiRow } from '../kpiRows';

/**
 * The horizontal band: the KPI's zones (critical, warning, ok) as tinted boxes in their state's colour,
 * and a marker at the judged value. Positions come from bandScale, so the drawing is a pure function of
 * the bands and the value.
 */
export function Band({ row, height }: { row: KpiRow; height: number }) {
  const styles = useStyles2(getStyles, height);
  const scale = bandScale(row.bands, row.judged, {
    min: row.config.min ?? undefined,
    max: row.config.max ?? undefined,
  });
  return (
    <div className={styles.band} data-testid="kpi-band" aria-hidden>
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
        <div
          className={cx(styles.marker, scale.offScale && styles.offScale)}
          data-testid="band-marker"
          data-off-scale={scale.offScale}
          style={{ left: `${scale.marker * 100}%` }}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, height: number) => {
  const zoneState = (state: State) =>
    css({ background: colorManipulator.alpha(theme.visualization.getColorByName(STATE_COLOUR[state]), 0.45) });
  return {
    band: css({
      position: 'relative',
      height,
      flexShrink: 0,
      borderRadius: theme.shape.radius.default,
      overflow: 'visible',
    }),
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
    // Beyond the scale: a dashed marker at the end says "further than shown".
    offScale: css({
      background: `repeating-linear-gradient(${theme.colors.text.primary} 0 3px, transparent 3px 5px)`,
    }),
  };
};
