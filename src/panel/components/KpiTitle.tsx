import React from 'react';
import { Icon, Stack, Text, Tooltip } from '@grafana/ui';

import { describeBands, statementOf } from '../../core/catalogue';
import type { KpiRow } from '../kpiRows';
import { rowTitle } from '../sortRows';

/**
 * The KPI's name (and entry), with its statement (what it is, how it is computed, its choices: the
 * catalogue's words, as the field description and the alert rules give them), target and bands on
 * hover, and any notice.
 */
export function KpiTitle({ row }: { row: KpiRow }) {
  const statement = statementOf(row.kpi);
  const details = (
    <Stack direction="column" gap={0.5}>
      <Text weight="bold">{rowTitle(row)}</Text>
      <Text>{statement.description}</Text>
      <Text color="secondary">How: {statement.formula}</Text>
      {statement.choices.length > 0 && <Text color="secondary">Choices: {statement.choices.join(' ')}</Text>}
      <Text>Target {row.kpi.target}</Text>
      <Text color="secondary">
        {row.kpi.judgedOn === 'trend' ? 'Slope per day: ' : ''}
        {describeBands(row.bands)}
      </Text>
    </Stack>
  );
  return (
    <Stack direction="row" gap={0.5} alignItems="center" minWidth={0}>
      <Tooltip content={details} placement="top-start">
        <span style={{ minWidth: 0, overflow: 'hidden' }}>
          <Text truncate weight="medium" data-testid="kpi-title">
            {rowTitle(row)}
          </Text>
        </span>
      </Tooltip>
      {row.notices.length > 0 && (
        <Tooltip content={row.notices.join('\n')}>
          <Icon
            name={row.noticeLevel === 'info' ? 'info-circle' : 'exclamation-triangle'}
            size="sm"
            data-testid="kpi-notice"
          />
        </Tooltip>
      )}
    </Stack>
  );
}
