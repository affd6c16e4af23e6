import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';

import { statementOf } from '../../core/catalogue';
import { bandRanges, formatEdge } from '../bandText';
import type { KpiRow } from '../kpiRows';
import type { PanelView } from '../panelView';
import { STATE_COLOUR } from '../stateColours';
import { windowText } from '../windowText';

/**
 * Everything a desk may ask of a number, on hover of its title or its band: what it is (the
 * catalogue's statement), the exact bands (each state's range in the field's unit), the window the
 * number covers, its target, how it is computed, the choices the framework left open and how they were
 * taken (the notices have their own icon beside the title).
 */
export function KpiDetails({ row, view }: { row: KpiRow; view: PanelView }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const statement = statementOf(row.kpi);
  const part = row.partIndex !== undefined;
  const ranges = part ? [] : bandRanges(row.bands, (value) => formatEdge(value, row.kpi, row.config.unit));
  return (
    <div className={styles.details} data-testid="kpi-details">
      <Stack direction="column" gap={1}>
        <Text weight="bold">{row.title}</Text>
        {part && (
          <Text color="secondary">
            A part of {row.kpi.name} ({row.entry}): shown beside it, not judged.
          </Text>
        )}
        <Text>{statement.description}</Text>
        {!part && (
          <div data-testid="kpi-details-bands">
            <Text weight="medium">
              Bands{row.kpi.judgedOn === 'trend' ? ' (judged on the trend per day)' : ''}, target {row.kpi.target}
            </Text>
            <ul className={styles.list}>
              {ranges.map((range, i) => (
                <li key={i} className={styles.range} data-state={range.state}>
                  <span
                    className={styles.swatch}
                    style={{ background: theme.visualization.getColorByName(STATE_COLOUR[range.state]) }}
                  />
                  <span className={styles.state}>{range.state}</span>
                  <span>{range.text}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div data-testid="kpi-details-window">
          <Text weight="medium">Window: </Text>
          <Text>{windowText(row.kpi, view.range, view.timeZone)}</Text>
        </div>
        <Text color="secondary" variant="bodySmall">
          How: {statement.formula}
        </Text>
        {statement.choices.length > 0 && (
          <div data-testid="kpi-details-choices">
            <Text weight="medium" variant="bodySmall">
              Choices
            </Text>
            <ul className={styles.list}>
              {statement.choices.map((choice, i) => (
                <li key={i} className={styles.choice}>
                  <Text variant="bodySmall">{choice}</Text>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  details: css({ maxWidth: 520, padding: theme.spacing(0.5) }),
  list: css({ margin: 0, padding: 0, listStyle: 'none' }),
  range: css({
    display: 'grid',
    gridTemplateColumns: '10px 64px auto',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontVariantNumeric: 'tabular-nums',
  }),
  swatch: css({ width: 10, height: 10, borderRadius: 2 }),
  state: css({ textTransform: 'capitalize' }),
  choice: css({ paddingLeft: theme.spacing(1.5), textIndent: theme.spacing(-1.5), '&::before': { content: '"· "' } }),
});
