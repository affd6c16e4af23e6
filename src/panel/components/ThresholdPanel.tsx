import React from 'react';
import { css } from '@emotion/css';
import { formattedValueToString, getValueFormat, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Badge, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';

import { AREAS, type State } from '../../catalogue';
import { planUrl } from '../../constants';
import { kpiRows, type KpiRow } from '../kpiRows';
import type { ThresholdPanelOptions } from '../types';

const badgeColor: Record<State, 'green' | 'orange' | 'red'> = { ok: 'green', warning: 'orange', critical: 'red' };

function Row({ row }: { row: KpiRow }) {
  const styles = useStyles2(getStyles);
  const formatted =
    row.value === undefined ? 'no data' : formattedValueToString(getValueFormat(row.kpi.unit)(row.value, 2));
  return (
    <div className={styles.row} data-kpi={row.kpi.id}>
      <Text truncate>
        {row.kpi.name}
        {row.asset ? ` · ${row.asset}` : ''}
      </Text>
      <Text weight="bold">{formatted}</Text>
      <Text color="secondary">target {row.kpi.target}</Text>
      {row.state ? <Badge text={row.state} color={badgeColor[row.state]} /> : <Badge text="no data" color="blue" />}
      {row.plan ? <TextLink href={planUrl(row.plan)}>Action plan</TextLink> : <span />}
    </div>
  );
}

/** First version of the threshold panel: each KPI's value, target and state, and the plan its state opens. */
export function ThresholdPanel({ data, options }: PanelProps<ThresholdPanelOptions>) {
  const rows = kpiRows(data.series);
  if (rows.length === 0) {
    return <Text color="secondary">No PMM Monitor KPI in the data: query the PMM Monitor data source.</Text>;
  }
  const groups = options.groupByArea
    ? AREAS.map((area) => ({ area, rows: rows.filter((row) => row.kpi.area === area) })).filter((g) => g.rows.length)
    : [{ area: undefined, rows }];
  return (
    <Stack direction="column" gap={1}>
      {groups.map((group) => (
        <div key={group.area ?? 'all'}>
          {group.area && <Text variant="h6">{group.area}</Text>}
          {group.rows.map((row) => (
            <Row key={row.key} row={row} />
          ))}
        </div>
      ))}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) 1fr 1fr auto auto',
    gap: theme.spacing(1),
    alignItems: 'center',
    padding: theme.spacing(0.25, 0),
  }),
});
